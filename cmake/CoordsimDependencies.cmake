# Every third-party dependency is found here, once, so the rest of the build names targets only.
# All of them come from Debian packages installed by scripts/install-deps.sh; nothing is downloaded.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(TBB REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(ZLIB REQUIRED)  # what HDF5 links for its deflate filter; the tests inflate with it
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(MPI COMPONENTS CXX)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
# /events chunks are deflated by libdeflate (zlib stream format: HDF5's deflate filter reads them).
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)

if(COORDSIM_TESTS)
  find_package(GTest REQUIRED)
endif()
if(COORDSIM_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# HDF5's CMake module gives variables, not a target: wrap them so users link coordsim::hdf5.
add_library(coordsim_hdf5 INTERFACE)
target_include_directories(coordsim_hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS} ${HDF5_INCLUDE_DIRS})
target_link_libraries(coordsim_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
target_compile_definitions(coordsim_hdf5 INTERFACE ${HDF5_C_DEFINITIONS} H5_USE_110_API)
add_library(coordsim::hdf5 ALIAS coordsim_hdf5)

set(COORDSIM_HAVE_IMGUI OFF)
if(COORDSIM_VIZ)
  find_package(glfw3 QUIET)
  find_package(OpenGL QUIET)
  pkg_check_modules(IMGUI QUIET IMPORTED_TARGET imgui)
  if(glfw3_FOUND AND OpenGL_FOUND AND IMGUI_FOUND)
    set(COORDSIM_HAVE_IMGUI ON)
  else()
    message(STATUS "coordsim: ImGui/GLFW/OpenGL not found, the visualizer is not built")
  endif()
endif()
