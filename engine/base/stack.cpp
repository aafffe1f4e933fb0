#include "base/stack.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <system_error>

namespace decree {
namespace {

// Per thread: computed on first use. A stack grows down on every platform we
// build for (x86-64, aarch64).
thread_local const char* t_limit = nullptr;
thread_local bool t_known = false;

const char* compute_limit() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return nullptr;
  void* low = nullptr;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0 || !low) return nullptr;
  // A stack smaller than the margin is always low: the work moves at once.
  return static_cast<const char*>(low) + std::min(size, kStackMargin);
}

struct Job {
  const std::function<void()>* work;
  std::exception_ptr error;
};

void* run_job(void* arg) {
  Job* job = static_cast<Job*>(arg);
  try {
    (*job->work)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

}  // namespace

const char* stack_limit() {
  if (!t_known) {
    t_limit = compute_limit();
    t_known = true;
  }
  return t_limit;
}

size_t stack_left() {
  const char* limit = stack_limit();
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  if (!limit) return SIZE_MAX;
  return here > limit ? static_cast<size_t>(here - limit) : 0;
}

void run_on_fresh_stack(const std::function<void()>& work) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kFreshStackBytes);
  Job job{&work, nullptr};
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, run_job, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0)
    throw std::system_error(rc, std::generic_category(), "cannot start a thread for a fresh stack");
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace decree
