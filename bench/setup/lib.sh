# Sourced by the setup scripts.

# The line of a build log that says what went wrong: a compiler error if there is one.
first_error() {
  { grep -m1 -E 'error\[E[0-9]+\]' "$1" ||
    grep -m1 -E '(^|\s)error: ' "$1" | grep -v 'subprocess-exited-with-error' ||
    tail -n1 "$1"; } | sed -E 's/^\s+//' | cut -c1-240
}
