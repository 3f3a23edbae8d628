# coordsim_library(NAME folder/path SOURCES ... DEPS ...)
# One folder of sim/ is one library target and one C++ namespace. Headers are included as
# "folder/path/file.hpp" from the sim/ root, so an include names the namespace it comes from.
set(COORDSIM_WARNINGS
    -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
    # GCC 12 reports a false -Wrestrict on `"literal" + std::string&&` at -O3 (GCC bug 105651).
    -Wno-restrict)

function(coordsim_warnings target)
  target_compile_options(${target} PRIVATE ${COORDSIM_WARNINGS})
  if(COORDSIM_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

function(coordsim_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  if(ARG_SOURCES)
    add_library(coordsim_${name} STATIC ${ARG_SOURCES})
    target_include_directories(coordsim_${name} PUBLIC ${PROJECT_SOURCE_DIR}/sim)
    target_link_libraries(coordsim_${name} PUBLIC ${ARG_DEPS})
    coordsim_warnings(coordsim_${name})
  else()
    add_library(coordsim_${name} INTERFACE)
    target_include_directories(coordsim_${name} INTERFACE ${PROJECT_SOURCE_DIR}/sim)
    target_link_libraries(coordsim_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# coordsim_test(NAME SOURCES ... DEPS ...): one GoogleTest executable per tested folder.
function(coordsim_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(test_${name} ${ARG_SOURCES})
  target_link_libraries(test_${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  coordsim_warnings(test_${name})
  gtest_discover_tests(test_${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "COORDSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# coordsim_registered_library(NAME BASE SOURCES ... DEPS ... [INTO target ...]): the library of
# an extension registered by a line of its own sources (docs/extending.md), built on BASE. A
# static library would drop the object file nothing references, and with it the registration, so
# it is linked whole: into every user of coordsim_model_world, or with INTO only into those targets
# (a test executable's example, kept out of the shipped binary).
function(coordsim_registered_library name base)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;INTO" ${ARGN})
  coordsim_library(${name} SOURCES ${ARG_SOURCES} DEPS ${base} ${ARG_DEPS})
  if(ARG_INTO)
    foreach(target IN LISTS ARG_INTO)
      target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,coordsim_${name}>")
    endforeach()
  else()
    set_property(GLOBAL APPEND PROPERTY COORDSIM_REGISTERED_LIBRARIES coordsim_${name})
  endif()
endfunction()

# coordsim_world_system(NAME SOURCES ... DEPS ... [INTO target ...]): a world system in its own
# folder, registered with model/world/register_system.hpp; it builds on the world's core.
function(coordsim_world_system name)
  coordsim_registered_library(${name} coordsim_model_world_core ${ARGN})
endfunction()

# coordsim_attribution_rule(NAME SOURCES ... DEPS ... [INTO target ...]): an attribution rule in
# its own folder, registered with model/attribution/register_rule.hpp; the world computes the
# weights, so a shipped rule joins the world's users as a system does.
function(coordsim_attribution_rule name)
  coordsim_registered_library(${name} coordsim_model_attribution ${ARGN})
endfunction()

# coordsim_add_subfolders(): add_subdirectory for every sub-folder of the current source folder
# that has a CMakeLists.txt, in sorted order (a new folder is picked up without another edit).
function(coordsim_add_subfolders)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
