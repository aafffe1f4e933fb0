#include "cli/batch_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "base/codes_runtime.h"

namespace decree::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Whole lines of the input plus, once a worker is done with them, their output.
struct Chunk {
  uint64_t seq = 0;         // position in the input: chunks are written in seq order
  uint64_t first_line = 1;  // line number of the first line in `data`
  uint64_t lines = 0;       // physical lines in `data` (blank ones included)
  std::vector<char> data;   // the buffer; data.size() is its capacity
  size_t size = 0;          // bytes of whole lines in `data`
  bool oversized = false;   // instead of data: line `first_line` was too long

  std::string output;               // one line per case, each ending in '\n'
  std::vector<std::string> errors;  // "stdin:LINE: error: …", at most limit_errors
  uint64_t cases = 0, failed = 0;
};

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

class Pipeline {
 public:
  Pipeline(std::FILE* in, std::FILE* out, std::FILE* err, const ProcessorFactory& factory,
           const PipelineOptions& options)
      : in_(in), out_(out), err_(err), factory_(factory), opt_(options) {
    opt_.threads = std::max(1u, opt_.threads);
    opt_.block_bytes = std::max<size_t>(opt_.block_bytes, 16);
    opt_.max_line_bytes = std::max<size_t>(opt_.max_line_bytes, 1);
    size_t count = std::max<size_t>(opt_.chunks_per_thread, 2) * opt_.threads;
    pool_.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      pool_.push_back(std::make_unique<Chunk>());
      free_.push_back(pool_.back().get());
    }
    done_.assign(count, nullptr);
  }

  PipelineStats run() {
    std::vector<std::thread> workers;
    try {
      for (unsigned i = 0; i < opt_.threads; ++i) workers.emplace_back([this] { work_loop(); });
    } catch (...) {
      if (workers.empty()) throw;  // run with the workers we got
    }
    std::thread reader;
    try {
      reader = std::thread([this] { read_loop(); });
    } catch (...) {
      finish_reading(0);
      for (auto& w : workers) w.join();
      throw;
    }
    write_loop();
    reader.join();
    for (auto& w : workers) w.join();
    if (failure_) std::rethrow_exception(failure_);
    return stats_;
  }

 private:
  // ---- reader ----------------------------------------------------------

  void read_loop() {
    uint64_t seq = 0;
    try {
      std::vector<char> carry;  // the start of a line that the last block cut off
      uint64_t line = 1;
      bool eof = false, first = true;
      while (!stop_.load(std::memory_order_relaxed) && !(eof && carry.empty())) {
        Chunk* c = acquire_free();
        fill(*c, carry, line, eof, first);
        first = false;
        if (c->size == 0 && !c->oversized) {  // nothing left (end of input)
          release(c);
          continue;
        }
        std::lock_guard lock(mu_);
        c->seq = seq++;
        work_.push_back(c);
        work_cv_.notify_one();
      }
    } catch (...) {
      record_failure(std::current_exception());
    }
    finish_reading(seq);
  }

  // Reads whole lines into `c`: the carried-over start of a line, then the
  // input a block at a time until the chunk holds a newline or the input ends.
  void fill(Chunk& c, std::vector<char>& carry, uint64_t& line, bool& eof, bool first) {
    c.first_line = line;
    c.oversized = false;
    // Read one block after the carried-over bytes. The buffer keeps its size
    // from chunk to chunk (no allocation per chunk); it grows for a long line
    // and shrinks back after one.
    size_t block = opt_.block_bytes;
    size_t target = carry.size() + block;
    size_t want = std::max(target, 2 * block);
    if (c.data.size() < target)
      c.data.resize(want);
    else if (c.data.size() > 8 * want)
      c.data = std::vector<char>(want);
    if (!carry.empty()) std::memcpy(c.data.data(), carry.data(), carry.size());
    size_t len = carry.size();
    carry.clear();
    while (!eof) {
      size_t room = target - len;
      size_t n = std::fread(c.data.data() + len, 1, room, in_);
      len += n;
      if (n < room) {  // fread is short only at the end of the input or on an error
        eof = true;
        if (std::ferror(in_)) stats_.read_error = true;
        break;
      }
      if (memrchr(c.data.data(), '\n', len) != nullptr) break;
      // No newline: one line fills the whole buffer.
      if (len > opt_.max_line_bytes) {
        skip_long_line(c, carry, eof);
        ++line;
        return;
      }
      target = std::min(2 * target, opt_.max_line_bytes + 1);
      if (c.data.size() < target) c.data.resize(target);
    }
    char* data = c.data.data();
    if (first && len >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(data, data + 3, len - 3);
      len -= 3;
    }
    size_t cut = len;
    if (!eof) {
      cut = static_cast<size_t>(static_cast<const char*>(memrchr(data, '\n', len)) - data) + 1;
      carry.assign(data + cut, data + len);
    }
    c.size = cut;
    c.lines = static_cast<uint64_t>(std::count(data, data + cut, '\n'));
    if (cut > 0 && data[cut - 1] != '\n') ++c.lines;  // the last line, without newline
    line += c.lines;
  }

  // Marks `c` as one rejected line and discards the input up to its end.
  void skip_long_line(Chunk& c, std::vector<char>& carry, bool& eof) {
    c.oversized = true;
    c.size = 0;
    c.lines = 1;
    while (!eof) {
      size_t n = std::fread(c.data.data(), 1, c.data.size(), in_);
      if (n < c.data.size()) {
        eof = true;
        if (std::ferror(in_)) stats_.read_error = true;
      }
      char* begin = c.data.data();
      if (auto* nl = static_cast<char*>(std::memchr(begin, '\n', n))) {
        carry.assign(nl + 1, begin + n);
        return;
      }
    }
  }

  Chunk* acquire_free() {
    std::unique_lock lock(mu_);
    free_cv_.wait(lock, [this] { return !free_.empty(); });
    Chunk* c = free_.back();
    free_.pop_back();
    return c;
  }

  void release(Chunk* c) {
    std::lock_guard lock(mu_);
    free_.push_back(c);
    free_cv_.notify_one();
  }

  void finish_reading(uint64_t chunks) {
    std::lock_guard lock(mu_);
    reading_done_ = true;
    total_chunks_ = chunks;
    work_cv_.notify_all();
    done_cv_.notify_all();
  }

  // ---- workers ---------------------------------------------------------

  void work_loop() {
    std::unique_ptr<LineProcessor> processor;
    try {
      processor = factory_();
    } catch (...) {
      record_failure(std::current_exception());
    }
    for (;;) {
      Chunk* c;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [this] { return !work_.empty() || reading_done_; });
        if (work_.empty()) return;
        c = work_.front();
        work_.pop_front();
      }
      c->output.clear();
      c->errors.clear();
      c->cases = c->failed = 0;
      // After a failure, chunks still flow (empty) so that every thread ends.
      if (processor && !stop_.load(std::memory_order_relaxed)) {
        try {
          process(*c, *processor);
        } catch (...) {
          record_failure(std::current_exception());
        }
      }
      std::lock_guard lock(mu_);
      done_[c->seq % done_.size()] = c;
      done_cv_.notify_one();
    }
  }

  void process(Chunk& c, LineProcessor& processor) {
    if (c.oversized) {
      reject_line(c, processor, c.first_line);
      return;
    }
    std::string message;
    const char* p = c.data.data();
    const char* end = p + c.size;
    for (uint64_t number = c.first_line; p < end; ++number) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* stop = nl ? nl : end;
      std::string_view line(p, static_cast<size_t>(stop - p));
      p = nl ? nl + 1 : end;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (is_blank(line)) continue;
      if (line.size() > opt_.max_line_bytes) {
        reject_line(c, processor, number);
        continue;
      }
      ++c.cases;
      message.clear();
      if (!processor.process(line, number, c.output, message)) add_error(c, number, message);
      c.output += '\n';
    }
  }

  void reject_line(Chunk& c, LineProcessor& processor, uint64_t number) {
    Message why{msg::batch_line_too_long, {{"limit", std::to_string(opt_.max_line_bytes)}}};
    ++c.cases;
    processor.reject(number, why, c.output);
    c.output += '\n';
    add_error(c, number, message_text(why, opt_.lang));
  }

  void add_error(Chunk& c, uint64_t number, std::string_view message) {
    ++c.failed;
    // Only the first limit_errors of the whole run are printed, so no chunk needs more.
    if (c.errors.size() >= opt_.limit_errors) return;
    std::string text = opt_.input_name;
    text += ':';
    text += std::to_string(number);
    text += ": error: ";
    text += message;
    c.errors.push_back(std::move(text));
  }

  // ---- writer (the caller's thread) ------------------------------------

  void write_loop() {
    start_ = last_progress_ = Clock::now();
    for (uint64_t next = 0;; ++next) {
      Chunk* c;
      {
        std::unique_lock lock(mu_);
        Chunk*& slot = done_[next % done_.size()];
        done_cv_.wait(lock,
                      [&] { return slot != nullptr || (reading_done_ && next == total_chunks_); });
        c = slot;
        if (c == nullptr) break;
        slot = nullptr;
      }
      emit(*c);
      release(c);
    }
    if (std::fflush(out_) != 0) stats_.write_error = true;
    clear_progress();
  }

  void emit(Chunk& c) {
    if (!stats_.write_error && !c.output.empty() &&
        std::fwrite(c.output.data(), 1, c.output.size(), out_) != c.output.size()) {
      stats_.write_error = true;
      stop_ = true;
    }
    stats_.lines += c.lines;
    stats_.cases += c.cases;
    stats_.failed += c.failed;
    for (const std::string& e : c.errors) {
      if (stats_.errors_printed >= opt_.limit_errors) break;
      clear_progress();
      std::fputs(e.c_str(), err_);
      std::fputc('\n', err_);
      ++stats_.errors_printed;
    }
    if (opt_.progress) show_progress();
  }

  void show_progress() {
    auto now = Clock::now();
    if (now - last_progress_ < std::chrono::milliseconds(500)) return;
    last_progress_ = now;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
    unsigned long long rate = stats_.cases * 1000 / static_cast<uint64_t>(std::max<int64_t>(ms, 1));
    std::fprintf(err_, "\r%llu cases, %llu cases/s", static_cast<unsigned long long>(stats_.cases),
                 rate);
    std::fflush(err_);
    progress_shown_ = true;
  }

  void clear_progress() {
    if (!progress_shown_) return;
    std::fputs("\r\033[K", err_);
    progress_shown_ = false;
  }

  void record_failure(std::exception_ptr e) {
    std::lock_guard lock(mu_);
    if (!failure_) failure_ = e;
    stop_ = true;
  }

  std::FILE* in_;
  std::FILE* out_;
  std::FILE* err_;
  const ProcessorFactory& factory_;
  PipelineOptions opt_;

  std::vector<std::unique_ptr<Chunk>> pool_;
  std::mutex mu_;  // guards everything below up to reading_done_ (one lock per chunk, not per line)
  std::condition_variable free_cv_, work_cv_, done_cv_;
  std::vector<Chunk*> free_;   // chunks ready to be filled
  std::deque<Chunk*> work_;    // filled chunks waiting for a worker
  std::vector<Chunk*> done_;   // processed chunk with seq s sits at s % size until written
  uint64_t total_chunks_ = 0;  // valid once reading_done_
  bool reading_done_ = false;
  std::exception_ptr failure_;
  std::atomic<bool> stop_{false};

  PipelineStats stats_;  // read_error: reader only; the rest: writer only
  Clock::time_point start_, last_progress_;
  bool progress_shown_ = false;
};

}  // namespace

PipelineStats run_pipeline(std::FILE* in, std::FILE* out, std::FILE* err,
                           const ProcessorFactory& make_processor, const PipelineOptions& options) {
  return Pipeline(in, out, err, make_processor, options).run();
}

}  // namespace decree::cli
