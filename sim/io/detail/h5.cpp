#include "io/detail/h5.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace coordsim::io::detail {

void silence_errors() noexcept {
  // One flag per thread: HDF5's thread-safe build keeps the auto-print setting per thread.
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

namespace {

herr_t collect_error(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  auto& lines = *static_cast<std::vector<std::string>*>(data);
  std::string line = err->desc != nullptr ? err->desc : "";
  std::array<char, 160> minor{};
  if (H5Eget_msg(err->min_num, nullptr, minor.data(), minor.size()) > 0) {
    line += " (" + std::string(minor.data()) + ")";
  }
  if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
  return 0;
}

}  // namespace

std::string error_stack_text() {
  std::vector<std::string> lines;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &lines);
  H5Eclear2(H5E_DEFAULT);
  if (lines.empty()) return {};
  // The outermost entry says what failed, the innermost why; the ones between are HDF5's call
  // path. A system error (sec2 driver) is reduced to its strerror text.
  std::string text = lines.front();
  if (lines.size() > 1) {
    std::string cause = lines.back();
    const std::string key = "error message = '";
    const std::size_t at = cause.find(key);
    if (at != std::string::npos) {
      const std::size_t end = cause.find('\'', at + key.size());
      cause = "system error: " + cause.substr(at + key.size(), end - at - key.size());
    }
    text += "; " + cause;
  }
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

void throw_h5(const std::string& what) {
  const std::string stack = error_stack_text();
  throw H5Failure(stack.empty() ? what : what + ": " + stack);
}

Hid plist(hid_t cls) { return Hid(H5Pcreate(cls), H5Pclose, "create property list"); }
Hid copy_type(hid_t type) { return Hid(H5Tcopy(type), H5Tclose, "copy datatype"); }
Hid scalar_space() { return Hid(H5Screate(H5S_SCALAR), H5Sclose, "create dataspace"); }
Hid simple_space(hsize_t n, hsize_t max) {
  return Hid(H5Screate_simple(1, &n, &max), H5Sclose, "create dataspace");
}
Hid open_group(hid_t loc, const std::string& path) {
  return Hid(H5Gopen2(loc, path.c_str(), H5P_DEFAULT), H5Gclose, ("open group " + path).c_str());
}
Hid open_dataset(hid_t loc, const std::string& path) {
  return Hid(H5Dopen2(loc, path.c_str(), H5P_DEFAULT), H5Dclose, ("open dataset " + path).c_str());
}

namespace {

/// Calls `visit(prefix, exists)` for each leading part of `path` in turn (`/a`, `/a/b`, ...)
/// while it returns true; returns false as soon as one call does. H5Lexists fails if an
/// intermediate component is missing, so a path is only ever looked up one component at a time.
template <class F>
bool walk_prefixes(hid_t loc, const std::string& path, F&& visit) {
  std::string prefix = path.starts_with('/') ? "/" : "";
  std::size_t start = prefix.size();
  while (start < path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    prefix += path.substr(start, end - start);
    const htri_t exists = H5Lexists(loc, prefix.c_str(), H5P_DEFAULT);
    if (exists < 0) throw_h5("look up " + prefix);
    if (!visit(prefix, exists > 0)) return false;
    prefix += '/';
    start = end + 1;
  }
  return true;
}

}  // namespace

bool link_exists(hid_t loc, const std::string& path) {
  return walk_prefixes(loc, path,
                       [](const std::string& /*prefix*/, bool exists) { return exists; });
}

Hid create_group(hid_t loc, const std::string& path) {
  Hid gcpl = plist(H5P_GROUP_CREATE);
  check(H5Pset_obj_track_times(gcpl.get(), false), "set group timestamps");
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "set link creation order");
  Hid last;
  walk_prefixes(loc, path, [&](const std::string& prefix, bool exists) {
    last = exists ? open_group(loc, prefix)
                  : Hid(H5Gcreate2(loc, prefix.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                        H5Gclose, ("create group " + prefix).c_str());
    return true;
  });
  return last;
}

Hid fixed_string_type(std::size_t width) {
  Hid t = copy_type(H5T_C_S1);
  check(H5Tset_size(t.get(), std::max<std::size_t>(width, 1)), "set string size");
  check(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "set string padding");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string charset");
  return t;
}

Hid vlen_string_type() {
  Hid t = copy_type(H5T_C_S1);
  check(H5Tset_size(t.get(), H5T_VARIABLE), "set string size");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string charset");
  return t;
}

namespace {

/// Creates (or replaces the value of) attribute `name`. Rewriting an attribute of the same type
/// and size happens in place, which is how `complete` and the end time change at finish.
Hid open_or_create_attr(hid_t obj, const char* name, hid_t type, hid_t space) {
  const htri_t exists = H5Aexists(obj, name);
  if (exists < 0) throw_h5(std::string("look up attribute ") + name);
  if (exists > 0) {
    return Hid(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, name);
  }
  return Hid(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             (std::string("create attribute ") + name).c_str());
}

template <class T>
void write_scalar(hid_t obj, const char* name, hid_t file_type, hid_t mem_type, T value) {
  Hid space = scalar_space();
  Hid attr = open_or_create_attr(obj, name, file_type, space.get());
  check(H5Awrite(attr.get(), mem_type, &value), name);
}

template <class T>
T read_scalar(hid_t obj, const char* name, hid_t mem_type) {
  Hid attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose,
           (std::string("open attribute ") + name).c_str());
  Hid space(H5Aget_space(attr.get()), H5Sclose, name);
  if (H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw H5Failure(std::string("attribute ") + name + " is not a scalar");
  }
  T value{};
  check(H5Aread(attr.get(), mem_type, &value), name);
  return value;
}

}  // namespace

void write_attr_string(hid_t obj, const char* name, const std::string& value) {
  write_attr_fixed_string(obj, name, value, std::max<std::size_t>(value.size(), 1));
}

void write_attr_fixed_string(hid_t obj, const char* name, const std::string& value,
                             std::size_t width) {
  Hid type = fixed_string_type(width);
  Hid space = scalar_space();
  Hid attr = open_or_create_attr(obj, name, type.get(), space.get());
  std::string padded = value.substr(0, width);
  padded.resize(width, '\0');
  check(H5Awrite(attr.get(), type.get(), padded.data()), name);
}

void write_attr_strings(hid_t obj, const char* name, const std::vector<std::string>& values) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  Hid type = fixed_string_type(width);
  Hid space = simple_space(values.size(), values.size());
  Hid attr = open_or_create_attr(obj, name, type.get(), space.get());
  std::vector<char> buf(width * values.size(), '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i].copy(buf.data() + i * width, values[i].size());
  if (!values.empty()) check(H5Awrite(attr.get(), type.get(), buf.data()), name);
}

void write_attr_i64(hid_t obj, const char* name, std::int64_t value) {
  write_scalar(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, value);
}
void write_attr_u64(hid_t obj, const char* name, std::uint64_t value) {
  write_scalar(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, value);
}
void write_attr_f64(hid_t obj, const char* name, double value) {
  write_scalar(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

bool has_attr(hid_t obj, const char* name) {
  const htri_t exists = H5Aexists(obj, name);
  if (exists < 0) throw_h5(std::string("look up attribute ") + name);
  return exists > 0;
}

std::vector<std::string> read_attr_strings(hid_t obj, const char* name) {
  Hid attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose,
           (std::string("open attribute ") + name).c_str());
  Hid ftype(H5Aget_type(attr.get()), H5Tclose, name);
  if (H5Tget_class(ftype.get()) != H5T_STRING) {
    throw H5Failure(std::string("attribute ") + name + " is not a string");
  }
  Hid space(H5Aget_space(attr.get()), H5Sclose, name);
  const hssize_t npoints = H5Sget_simple_extent_npoints(space.get());
  if (npoints < 0) throw_h5(name);
  const auto n = static_cast<std::size_t>(npoints);
  std::vector<std::string> out;
  out.reserve(n);
  const htri_t is_vlen = H5Tis_variable_str(ftype.get());
  if (is_vlen < 0) throw_h5(name);
  if (is_vlen > 0) {
    Hid mtype = vlen_string_type();
    std::vector<char*> ptrs(n, nullptr);
    if (n > 0) check(H5Aread(attr.get(), mtype.get(), ptrs.data()), name);
    for (char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
    if (n > 0) H5Dvlen_reclaim(mtype.get(), space.get(), H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t width = H5Tget_size(ftype.get());
    if (width == 0) throw_h5(name);
    Hid mtype = fixed_string_type(width);
    std::vector<char> buf(width * n);
    if (n > 0) check(H5Aread(attr.get(), mtype.get(), buf.data()), name);
    for (std::size_t i = 0; i < n; ++i) {
      const char* s = buf.data() + i * width;
      out.emplace_back(s, strnlen(s, width));
    }
  }
  return out;
}

std::string read_attr_string(hid_t obj, const char* name) {
  auto values = read_attr_strings(obj, name);
  if (values.size() != 1) throw H5Failure(std::string("attribute ") + name + " is not a scalar");
  return std::move(values.front());
}

std::int64_t read_attr_i64(hid_t obj, const char* name) {
  return read_scalar<std::int64_t>(obj, name, H5T_NATIVE_INT64);
}
std::uint64_t read_attr_u64(hid_t obj, const char* name) {
  return read_scalar<std::uint64_t>(obj, name, H5T_NATIVE_UINT64);
}
double read_attr_f64(hid_t obj, const char* name) {
  return read_scalar<double>(obj, name, H5T_NATIVE_DOUBLE);
}

Hid chunked_dcpl(hsize_t chunk_rows, int deflate) {
  Hid dcpl = plist(H5P_DATASET_CREATE);
  check(H5Pset_obj_track_times(dcpl.get(), false), "set dataset timestamps");
  const hsize_t chunk = std::max<hsize_t>(chunk_rows, 1);
  check(H5Pset_chunk(dcpl.get(), 1, &chunk), "set chunk size");
  if (deflate > 0) {
    check(H5Pset_shuffle(dcpl.get()), "set shuffle filter");
    check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(deflate)), "set deflate filter");
  } else {
    check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "set allocation time");
    check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), "set fill time");
  }
  return dcpl;
}

namespace {
herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> child_names(hid_t group) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_name, &names) < 0) {
    H5Eclear2(H5E_DEFAULT);
    names.clear();
    idx = 0;
    check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, &names), "list group");
  }
  return names;
}

hsize_t dataset_rows(hid_t dataset) {
  Hid space(H5Dget_space(dataset), H5Sclose, "dataset space");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank != 1) throw H5Failure("dataset is not one-dimensional");
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space.get(), &n, nullptr), "dataset extent");
  return n;
}

void write_rows(hid_t dataset, hid_t mem_type, hsize_t first, hsize_t n, const void* data) {
  if (n == 0) return;
  Hid fspace(H5Dget_space(dataset), H5Sclose, "dataset space");
  check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &n, nullptr),
        "select rows");
  Hid mspace = simple_space(n, n);
  check(H5Dwrite(dataset, mem_type, mspace.get(), fspace.get(), H5P_DEFAULT, data), "write rows");
}

}  // namespace coordsim::io::detail
