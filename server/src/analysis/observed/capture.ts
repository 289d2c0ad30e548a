/**
 * The comment line "InitLens: Show Timeline of a Running Pod…" writes above what kubectl printed,
 * `# initlens.capturedAt: <RFC 3339 time>`: the moment the status was read, which the observed
 * timeline takes as "now". Its own module so that the client can write it without the analysis.
 */
export const CAPTURE_MARKER = 'initlens.capturedAt:';
