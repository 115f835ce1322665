package web

import (
	"sync"

	"cpopath/app/account"
)

// dummyHash is compared against when a sign-in names an unknown email, so
// that answering takes as long as for a known one and the time taken does
// not tell which emails have accounts.
func dummyHash(h account.Hasher) func() string {
	return sync.OnceValue(func() string {
		out, err := h.Hash(randomToken())
		if err != nil {
			panic("bcrypt: " + err.Error())
		}
		return out
	})
}
