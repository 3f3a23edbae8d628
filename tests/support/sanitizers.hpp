// Whether this test binary runs under AddressSanitizer: GCC says so by __SANITIZE_ADDRESS__,
// clang (the asan preset's compiler) by __has_feature.
#pragma once

namespace coordsim::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace coordsim::test
