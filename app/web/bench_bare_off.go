//go:build !bench

package web

import "github.com/gofiber/fiber/v2"

// mountBenchBare does nothing in the product: the bare handler exists only
// in a binary built with the bench tag (bench_bare.go).
func mountBenchBare(*fiber.App) {}
