package web

import (
	"crypto/sha256"
	"encoding/base64"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"cpopath/app/account"
)

// Password rules, as account states them.
const passwordMin = account.PasswordMin

// bcryptCost is the work factor of stored password hashes: cost 10 takes
// about 80 ms on the machines this runs on, which with the sign-in rate
// limits makes guessing slow. The race detector makes every hash ten times
// slower, so the web tests lower it (account_internal_test.go); nothing
// else changes it.
var bcryptCost = bcrypt.DefaultCost

// passwordInput is what bcrypt sees: the SHA-256 of the password, base64
// encoded. bcrypt reads at most 72 bytes, so without this a long passphrase
// would be cut short silently (or refused); base64 keeps NUL bytes out.
func passwordInput(pw string) []byte {
	sum := sha256.Sum256([]byte(pw))
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sum)))
	base64.StdEncoding.Encode(out, sum[:])
	return out
}

func hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(passwordInput(pw), bcryptCost)
	return string(h), err
}

func checkPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), passwordInput(pw)) == nil
}

// dummyHash is compared against when a sign-in names an unknown email, so
// that answering takes as long as for a known one and the time taken does
// not tell which emails have accounts.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword(randomToken())
	if err != nil {
		panic("bcrypt: " + err.Error())
	}
	return h
})

// passwordProblem returns the id of the message saying what is wrong with
// pw for an account with email and name, or "" when it is acceptable. The
// judgement is account.Strength's; this maps it to what the person reads.
func passwordProblem(pw, email, name string) string {
	switch account.Strength(pw, email, name) {
	case account.WeakShort:
		return "account.error.password_short"
	case account.WeakLong:
		return "account.error.password_long"
	case account.WeakPersonal:
		return "account.error.password_personal"
	case account.WeakCommon:
		return "account.error.password_common"
	}
	return ""
}
