#pragma once
// A streaming XXH3-128 state owned by RAII: what the run file's seal and `dataset_digest` both
// hash with (xxHash's state must be created and freed through its own functions).
#include <xxhash.h>

#include <cstddef>
#include <new>

namespace coordsim::io::detail {

class Hasher128 {
 public:
  /// @throws std::bad_alloc
  Hasher128() : state_(XXH3_createState()) {
    if (state_ == nullptr) throw std::bad_alloc();
    XXH3_128bits_reset(state_);
  }
  Hasher128(const Hasher128&) = delete;
  Hasher128& operator=(const Hasher128&) = delete;
  Hasher128(Hasher128&&) = delete;
  Hasher128& operator=(Hasher128&&) = delete;
  ~Hasher128() { XXH3_freeState(state_); }

  void update(const void* data, std::size_t bytes) noexcept {
    XXH3_128bits_update(state_, data, bytes);
  }
  [[nodiscard]] XXH128_hash_t digest() const noexcept { return XXH3_128bits_digest(state_); }

 private:
  XXH3_state_t* state_;
};

}  // namespace coordsim::io::detail
