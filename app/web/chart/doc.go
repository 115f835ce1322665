// Package chart computes the geometry of the server-rendered SVG charts: the
// radar of the five skills, the trend of one skill over time, and a team's
// heatmap and distribution bars. It is pure: labels and scores in,
// coordinates and markup out, no I/O.
package chart
