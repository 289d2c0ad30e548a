/**
 * The flags node runs the language server with: the client passes them when it starts the server,
 * and the benchmark starts the built server with the same ones, so that it measures what ships.
 *
 * `--min-semi-space-size=16`: V8's young generation starts at 16 MB per semi-space (its default
 * maximum) instead of 1 MB. Each edit of a big document builds a new tree and model that outlive the
 * next few collections (the previous version is let go only when the next one is published), so with
 * a small young generation every other edit paid a scavenge that copied megabytes of live nodes:
 * 10–25 ms on the first edits of a 1,000-line Pod, which is a third of their time
 * (docs/performance.md, "Editing one big document"). Starting at the size it grows to anyway costs
 * 30 MB of memory reserved up front and takes those collections off the first edits. Node accepts the
 * flag on the command line but not in NODE_OPTIONS, and V8 cannot resize its heap at run time, so it
 * has to be given when the process starts. A server started some other way (`node dist/server.js
 * --stdio` in another editor) runs the same, with V8's default young generation.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=16'];
