#include "diffwire/lock_file.hpp"

#include <doctest/doctest.h>

#include "diffwire/error.hpp"
#include "support.hpp"

using namespace diffwire;

TEST_CASE("a second holder is refused until the first lets go") {
  testing::TempDir dir;
  std::string path = dir.file("store.db.lock");
  {
    auto first = LockFile::try_acquire(path);
    REQUIRE(first.has_value());
    CHECK_FALSE(LockFile::try_acquire(path).has_value());  // flock is per open file: this conflicts
  }
  CHECK(LockFile::try_acquire(path).has_value());
}

TEST_CASE("a lock file that cannot be created is an error naming it") {
  CHECK_THROWS_AS(LockFile::try_acquire("/nonexistent-dir/x.lock"), Error);
}
