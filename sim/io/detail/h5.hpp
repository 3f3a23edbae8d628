#pragma once
// Private to sim/io: the only header that includes hdf5.h. Public headers never include it, so
// users of coordsim_io do not see HDF5. RAII handles, HDF5 errors turned into exceptions, and the
// few attribute/dataset helpers the recorder and the reader share.
#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace coordsim::io::detail {

/// An HDF5 call failed; carries the library's error stack as text. Public entry points catch it
/// and rethrow IoError naming the file.
class H5Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Turns off HDF5's automatic error printing for the calling thread (thread-safe builds keep one
/// error stack per thread). Idempotent and cheap; every entry point calls it.
void silence_errors() noexcept;

/// The current thread's HDF5 error stack, as one line.
[[nodiscard]] std::string error_stack_text();

[[noreturn]] void throw_h5(const std::string& what);

inline hid_t check_id(hid_t id, const char* what) {
  if (id < 0) throw_h5(what);
  return id;
}
inline void check(herr_t status, const char* what) {
  if (status < 0) throw_h5(what);
}

/// Owns one hid_t and closes it with the matching H5?close.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid() noexcept = default;
  Hid(hid_t id, Closer closer, const char* what) : id_(check_id(id, what)), closer_(closer) {}
  Hid(Hid&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Hid& operator=(Hid&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() { reset(); }

  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  void reset() noexcept {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  /// Closes now and reports failure (a close can be the write that hits a full disk).
  void close(const char* what) {
    if (id_ < 0) return;
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    check(closer_(id), what);
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

[[nodiscard]] Hid plist(hid_t cls);
[[nodiscard]] Hid copy_type(hid_t type);
[[nodiscard]] Hid scalar_space();
[[nodiscard]] Hid simple_space(hsize_t n, hsize_t max);
[[nodiscard]] Hid open_group(hid_t loc, const std::string& path);
[[nodiscard]] Hid open_dataset(hid_t loc, const std::string& path);
[[nodiscard]] bool link_exists(hid_t loc, const std::string& path);
/// Creates `path` and any missing parents, without timestamps, tracking link creation order.
Hid create_group(hid_t loc, const std::string& path);

/// A fixed-length UTF-8 string type of `width` bytes (at least 1), null padded.
[[nodiscard]] Hid fixed_string_type(std::size_t width);
[[nodiscard]] Hid vlen_string_type();

// Attributes. Strings are fixed-length UTF-8, never variable-length: variable-length data lives in
// HDF5's global heap, which HDF5 1.10 reads without bounds checks (a damaged file could crash the
// reader), while fixed strings sit inside checksummed object headers. A given width keeps the
// layout independent of the value (the execution attributes). The reader accepts both kinds.
void write_attr_string(hid_t obj, const char* name, const std::string& value);
void write_attr_fixed_string(hid_t obj, const char* name, const std::string& value,
                             std::size_t width);
void write_attr_strings(hid_t obj, const char* name, const std::vector<std::string>& values);
void write_attr_i64(hid_t obj, const char* name, std::int64_t value);
void write_attr_u64(hid_t obj, const char* name, std::uint64_t value);
void write_attr_f64(hid_t obj, const char* name, double value);
[[nodiscard]] bool has_attr(hid_t obj, const char* name);
[[nodiscard]] std::string read_attr_string(hid_t obj, const char* name);
[[nodiscard]] std::vector<std::string> read_attr_strings(hid_t obj, const char* name);
[[nodiscard]] std::int64_t read_attr_i64(hid_t obj, const char* name);
[[nodiscard]] std::uint64_t read_attr_u64(hid_t obj, const char* name);
[[nodiscard]] double read_attr_f64(hid_t obj, const char* name);

/// Dataset creation list for a 1-D chunked dataset without timestamps. `deflate` 0 means
/// unfiltered, and then space is allocated early (at extent changes) and never filled, so the
/// order of allocations - hence every byte of the file - does not depend on when flushes happen.
[[nodiscard]] Hid chunked_dcpl(hsize_t chunk_rows, int deflate);
/// Names of the direct children of a group, in creation order when tracked, else name order.
[[nodiscard]] std::vector<std::string> child_names(hid_t group);
[[nodiscard]] hsize_t dataset_rows(hid_t dataset);

/// Reads a whole 1-D dataset converted to `mem_type`.
template <class T>
std::vector<T> read_all(hid_t dataset, hid_t mem_type) {
  std::vector<T> out(static_cast<std::size_t>(dataset_rows(dataset)));
  if (!out.empty()) {
    check(H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read dataset");
  }
  return out;
}

/// Writes rows [first, first + n) of a 1-D dataset from `data` (extent must already cover them).
void write_rows(hid_t dataset, hid_t mem_type, hsize_t first, hsize_t n, const void* data);

}  // namespace coordsim::io::detail
