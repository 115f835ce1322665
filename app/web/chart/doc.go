// Package chart computes the geometry of the server-rendered SVG charts: the
// radar of the five skills and the trend of one skill over time. It is
// pure: labels and scores in, coordinates and markup out, no I/O.
package chart
