// Package static embeds Tailor's CSS, JavaScript and the vendored htmx, so
// the binary serves them with no build step and no files on disk.
package static

import "embed"

// Files holds every asset.
//
//go:embed *.css *.js
var Files embed.FS
