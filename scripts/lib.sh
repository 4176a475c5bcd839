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

# ---------------------------------------------------------------------------------------------------------------
# THE LIST: every Debian package whose programs Lifeboat's build, its tests or the product itself start on the
# admin's computer (the test servers install their own: testbed/up). scripts/run and scripts/test-all install from
# here, the .deb declares the product's part (packaging/build-installers), the README names this list, and the clean
# machine tier (CleanMachineIT: a clean Debian 12 container runs `scripts/test-all --unit` from nothing) fails when a
# package is missing from it.

# The product, run from the jar or installed: rsync copies every file, over the system ssh or Lifeboat's own session;
# xdg-open shows a snapshot folder; `sync -f` (coreutils) flushes the store; restic keeps the off-site copies (ADR 0012;
# Debian 12's 0.14 or newer); scheduled runs (issue 18) tell the desktop with notify-send (libnotify-bin) and keep a
# login's secret with secret-tool (libsecret-tools), which also holds off-site repositories' passwords; ssh-keygen
# (openssh-client) makes a schedule's key. systemd (systemctl, systemd-analyze, systemd-creds) and cron (crontab) are
# the computer's own schedulers: Lifeboat uses whichever is there and says what to install when neither is.
LIFEBOAT_PACKAGES=(rsync openssh-client xdg-utils coreutils restic libnotify-bin libsecret-tools)
# The window (JavaFX's glass toolkit on Linux needs GTK 3).
WINDOW_PACKAGES=(libgtk-3-0)
# Building the jar and the installers: JDK 17 (javac, jpackage, jlink and its jmods), Maven, fakeroot and dpkg-deb
# for the .deb, objcopy (binutils) for jlink's --strip-debug.
BUILD_PACKAGES=(openjdk-17-jdk-headless maven fakeroot dpkg binutils)
# The tests, on this computer: ssh-keygen/ssh-agent/ssh-add (openssh-client), runuser, setsid and unshare
# (util-linux) and useradd (passwd) for the ordinary local user, pkill (procps) for Ctrl-C, sh/cp/id (dash, coreutils),
# python3 for the testbed's scripts; for the headless GUI tests' text, JavaFX's font library (libjavafx_font_pango.so
# links libpangoft2 and with it pango, fontconfig, freetype, harfbuzz) and a font (the window's GTK brings them along;
# CleanMachineIT found them missing on a clean Debian); systemd-analyze and systemd-creds (systemd) for the schedules'
# calendars and credentials, crontab (cron) for the crontab path, which the unit tier tests here; for the off-site
# tests rclone serves restic's REST protocol (unshare gives its full-disk case a tmpfs of its own without root), and
# a GNOME Keyring on a private session bus is the desktop's secret store, reached with secret-tool.
TEST_PACKAGES=(openssh-client util-linux passwd procps python3 libpangoft2-1.0-0 fontconfig fonts-dejavu-core systemd
  cron rclone dbus-daemon gnome-keyring libsecret-tools)

# The JDK and Maven when missing (a machine may bring its own, e.g. JAVA_HOME's), the rest of the build's list.
ensure_build_tools() {
  local pkgs=()
  command -v javac >/dev/null 2>&1 || pkgs+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
  [ ${#pkgs[@]} -eq 0 ] || ensure_packages "${pkgs[@]}"
}

# What the product starts on this computer.
ensure_product_tools() {
  ensure_packages "${LIFEBOAT_PACKAGES[@]}"
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

# Everything the build, the tests and the product start here (THE LIST above, without the window's GTK: the tests
# are headless).
ensure_test_tools() {
  ensure_build_tools
  local pkgs=("${BUILD_PACKAGES[@]}" "${LIFEBOAT_PACKAGES[@]}" "${TEST_PACKAGES[@]}")
  local wanted=()
  for p in "${pkgs[@]}"; do
    case $p in openjdk-17-jdk-headless | maven) ;; *) wanted+=("$p") ;; esac
  done
  ensure_packages "${wanted[@]}"
}

# The .deb's Depends that jpackage cannot see (it adds the shared libraries of the runtime and xdg-utils itself).
deb_depends() {
  local d=("${WINDOW_PACKAGES[@]}")
  for p in "${LIFEBOAT_PACKAGES[@]}"; do
    case $p in coreutils | xdg-utils) ;; *) d+=("$p") ;; esac
  done
  local IFS=,
  echo "${d[*]}" | sed 's/,/, /g'
}
