#pragma once
// Private to sim/io: runs HDF5/filesystem work and turns its failures into IoError naming `path`.
#include <filesystem>
#include <utility>

#include "io/detail/h5.hpp"
#include "io/error.hpp"

namespace coordsim::io::detail {

template <class F>
decltype(auto) guarded(const std::filesystem::path& path, F&& f) {
  silence_errors();
  try {
    return std::forward<F>(f)();
  } catch (const H5Failure& e) {
    throw IoError(path, e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    throw IoError(path, e.code().message());
  }
}

}  // namespace coordsim::io::detail
