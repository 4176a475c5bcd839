# Shared helpers for the scripts in this folder. Source it; it defines functions only.

# Installs Debian packages that are missing, as root with apt-get. Prints what it does; fails with a clear message
# when not root.
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Lifeboat needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "==> installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# JDK 17 and Maven, the build's only needs.
ensure_build_tools() {
  local pkgs=()
  command -v javac >/dev/null 2>&1 || pkgs+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
  [ ${#pkgs[@]} -eq 0 ] || ensure_packages "${pkgs[@]}"
}

# Builds app/target/lifeboat.jar when it is missing or older than the sources (the jar only; the installers are the
# packaging module's), and prints its path.
ensure_jar() {
  local jar=app/target/lifeboat.jar
  if [ ! -f "$jar" ] || [ -n "$(find app/src pom.xml app/pom.xml -newer "$jar" -print -quit)" ]; then
    echo "==> building $jar" >&2
    mvn -B -q -ntp -DskipTests -pl app package >&2
  fi
  echo "$jar"
}

# What the packaging module needs besides the JDK (whose jpackage, jlink and jmods come with openjdk-17-jdk-headless):
# fakeroot and dpkg-deb for the .deb, objcopy from binutils for jlink's --strip-debug.
ensure_packaging_tools() {
  ensure_packages fakeroot dpkg binutils
}
