// Deep recursion that is safe whatever stack it runs on. The checker, the
// planner and the evaluator recurse over rules and expressions; how deep they
// may go depends on the thread's stack (8 MB on a main thread, far less on a
// service's worker or a coroutine) and on the build's frame sizes (several
// times larger under AddressSanitizer). Instead of limits calibrated to one
// build, each recursive step asks how much stack is left, and when it runs low
// the rest of the work continues on a fresh stack (Rust's `stacker` does the
// same with segments; here a helper thread that the caller waits for).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <type_traits>

namespace decree {

// Start over on a fresh stack when less than this is left: more than any
// single recursive step of ours uses between two checks, sanitizers included.
inline constexpr size_t kStackMargin = 256 * 1024;
// The size of each fresh stack (reserved address space; pages are touched
// only as it is used).
inline constexpr size_t kFreshStackBytes = 64 * 1024 * 1024;

// The lowest address of the calling thread's stack that may be used before
// less than kStackMargin is left, or nullptr if the stack cannot be known
// (then no switching happens). Cheap after the first call on a thread.
const char* stack_limit();

// True when the caller's frame is below `limit` (from stack_limit()).
inline bool stack_low(const char* limit) {
  return static_cast<const char*>(__builtin_frame_address(0)) < limit;
}

// Bytes of stack left below the caller's frame beyond kStackMargin; SIZE_MAX
// if the stack cannot be known.
size_t stack_left();

// Runs `work` on a new thread with a fresh stack of kFreshStackBytes and
// waits for it; an exception thrown by `work` is rethrown here. If no thread
// can be made, throws std::system_error.
void run_on_fresh_stack(const std::function<void()>& work);

// Runs `work` here if at least `need` bytes (besides kStackMargin) are left,
// else on a fresh stack; returns what it returns.
template <class F>
decltype(auto) with_stack(size_t need, F&& work) {
  if (stack_left() > need) return work();
  using R = decltype(work());
  if constexpr (std::is_void_v<R>) {
    run_on_fresh_stack([&] { work(); });
  } else {
    std::optional<R> result;
    run_on_fresh_stack([&] { result.emplace(work()); });
    return R(std::move(*result));
  }
}

// with_stack for one recursive step of ours (at most kStackMargin).
template <class F>
decltype(auto) with_enough_stack(F&& work) {
  return with_stack(0, std::forward<F>(work));
}

}  // namespace decree
