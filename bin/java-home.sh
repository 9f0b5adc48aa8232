# Sourced by bin/parley and .ci/run: points JAVA_HOME at a JDK 22 or newer, or fails clearly.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | cut -d. -f1
}
find_java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-openjdk* /usr/lib/jvm/*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      local major
      major=$(java_major "$candidate")
      if [ -n "$major" ] && [ "$major" -ge 22 ]; then
        echo "$candidate"
        return 0
      fi
    fi
  done
  return 1
}
if ! JAVA_HOME=$(find_java_home); then
  echo "Parley needs a JDK 22 or newer (JDK 25 recommended; 22 for the foreign-function API libopus is called through). Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
