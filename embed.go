// Package cpopath holds the data folders that make the tool what it is:
// curated content, assessment definitions, static assets and templates. They
// are embedded here, at the module root, because go:embed cannot reach parent
// directories and the binary must be self-contained.
package cpopath

import "embed"

// Files holds content/, assessments/, static/ and templates/ as shipped.
// static/screenshots holds the README's pictures, which the app never
// serves, so only the folders of static/ the pages use are embedded.
//
//go:embed content assessments static/css static/img static/js templates
var Files embed.FS
