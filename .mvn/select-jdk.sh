# Sourced by ./mvnw (POSIX sh, with `set -euf`): makes sure Maven runs on a JDK >= 21.
#
# Twilio Leak Responder compiles for Java 21, and the Quarkus build (augmentation, `./mvnw package`/`verify`) runs
# inside Maven's own JVM and loads the compiled classes, so a Maven toolchain cannot stand in for it: Maven itself
# must run on 21 or newer. When JAVA_HOME (or, without it, the `java` on the PATH) is older, this picks the oldest
# JDK >= 21 found in the usual places and exports JAVA_HOME; when there is none, it says what to install.
# MVNW_SKIP_JDK_SELECTION=true leaves JAVA_HOME alone.

lr_required=21

# Major version of a java executable ("1.8" counts as 8); nothing when it does not run.
lr_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//' | head -n 1
}

# A JDK home (java and javac) of version >= 21: prints its version.
lr_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  lr_v=$(lr_major "$1/bin/java")
  [ -n "$lr_v" ] && [ "$lr_v" -ge "$lr_required" ] 2>/dev/null || return 1
  printf %s\\n "$lr_v"
}

lr_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    lr_current="$JAVA_HOME/bin/java"
    ! lr_jdk_version "$JAVA_HOME" >/dev/null || return 0
  else
    lr_current=$(command -v java 2>/dev/null || :)
    if [ -n "$lr_current" ] && [ -n "$(command -v javac 2>/dev/null || :)" ]; then
      lr_v=$(lr_major "$lr_current")
      [ -z "$lr_v" ] || [ "$lr_v" -lt "$lr_required" ] || return 0
    fi
  fi

  lr_best="" lr_best_v=""
  if [ -x /usr/libexec/java_home ]; then
    # macOS knows its JDKs.
    lr_home=$(/usr/libexec/java_home -v "$lr_required+" 2>/dev/null || :)
    if [ -n "$lr_home" ] && lr_v=$(lr_jdk_version "$lr_home"); then lr_best="$lr_home" lr_best_v="$lr_v"; fi
  fi
  set +f
  for lr_home in /usr/lib/jvm/* /usr/java/* /usr/local/java/* /opt/java/* /opt/jdk* \
    "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* "${HOME-}"/.asdf/installs/java/* \
    "${HOME-}"/.local/share/mise/installs/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home "${HOME-}"/Library/Java/JavaVirtualMachines/*/Contents/Home \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
    [ -d "$lr_home" ] && [ ! -L "$lr_home" ] || continue
    lr_v=$(lr_jdk_version "$lr_home") || continue
    # The oldest JDK that qualifies: closest to the Java 21 the project compiles for.
    if [ -z "$lr_best" ] || [ "$lr_v" -lt "$lr_best_v" ]; then lr_best="$lr_home" lr_best_v="$lr_v"; fi
  done
  set -f

  if [ -z "$lr_best" ]; then
    {
      if [ -n "$lr_current" ]; then
        printf 'mvnw: Twilio Leak Responder needs a JDK %s or newer; %s is Java %s, and no JDK %s+ was found\n' \
          "$lr_required" "$lr_current" "$(lr_major "$lr_current" || :)" "$lr_required"
      else
        printf 'mvnw: Twilio Leak Responder needs a JDK %s or newer, and no Java was found\n' "$lr_required"
      fi
      printf '  (looked in JAVA_HOME, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks, /Library/Java/JavaVirtualMachines, ...).\n'
      printf 'Install one, then run ./mvnw again:\n'
      printf '  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk-headless\n'
      printf '  Fedora/RHEL:    sudo dnf install java-21-openjdk-devel\n'
      printf '  macOS:          brew install openjdk@21\n'
      printf '  anywhere:       Eclipse Temurin 21 from https://adoptium.net/ (or: sdk install java 21-tem)\n'
      printf 'or point JAVA_HOME at a JDK 21+ that is installed elsewhere.\n'
    } >&2
    exit 1
  fi
  [ "${MVNW_VERBOSE-}" = false ] ||
    printf 'mvnw: using the JDK %s in %s (%s is older than %s)\n' "$lr_best_v" "$lr_best" \
      "${lr_current:-no java}" "$lr_required" >&2
  JAVA_HOME="$lr_best"
  export JAVA_HOME
}

[ "${MVNW_SKIP_JDK_SELECTION-}" = true ] || lr_select_jdk
