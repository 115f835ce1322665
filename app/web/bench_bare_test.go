//go:build !bench

package web_test

import (
	"net/http"
	"testing"
)

// TestNoBenchHandlerInTheProduct: the bare benchmark route exists only in a
// binary built with the bench tag.
func TestNoBenchHandlerInTheProduct(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mustStatus(t, e.client().get("/__bare/10"), http.StatusNotFound)
}
