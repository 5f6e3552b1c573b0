#!/usr/bin/env bash
# A stand-in for `codex exec --json … -` with the same I/O contract: prompt on stdin, NDJSON
# events on stdout (thread.started, item.completed, turn.completed). Markers in the prompt pick
# the behaviour, as in fake-agent.sh.
prompt=$(cat)
tid="fake-thread-$$"
printf '%s\n' '{"type":"thread.started","thread_id":"'"$tid"'"}'
printf '%s\n' '{"type":"turn.started"}'
message() {
  printf '%s\n' '{"type":"item.completed","item":{"id":"item_9","type":"agent_message","text":"'"$1"'"}}'
  printf '%s\n' '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5}}'
}
issue=$(printf '%s' "$prompt" | grep -o 'Implement issue #[0-9]*' | grep -o '[0-9]*' | head -1)
case "$prompt" in
  *"[fake:blocked]"*)
    message "BLOCKED: Which database should I use?" ;;
  *"[fake:hang]"*)
    echo "work in progress" > "wip-$issue.txt"
    printf '%s\n' '{"type":"item.completed","item":{"id":"item_1","type":"file_change","changes":[{"path":"wip.txt","kind":"add"}],"status":"completed"}}'
    sleep 600 &
    echo $! > "${FAKE_PID_FILE:-/dev/null}"
    wait ;;
  *"[fake:crash]"*)
    echo "segfault in fake agent" >&2
    exit 3 ;;
  *"[fake:fail]"*)
    printf '%s\n' '{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized"}}'
    exit 1 ;;
  *"[fake:env]"*)
    env | sort > "env-$issue.txt"
    message "Printed the environment" ;;
  *"[fake:echo]"*)
    printf '%s' "$prompt" > "prompt-$issue.txt"
    message "Echoed the prompt" ;;
  *)
    echo "change for issue $issue" >> "feature-$issue.txt"
    printf '%s\n' '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"","exit_code":0,"status":"completed"}}'
    printf '%s\n' '{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"feature.txt","kind":"add"}],"status":"completed"}}'
    message "Added feature-$issue.txt" ;;
esac
