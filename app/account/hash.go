package account

import (
	"crypto/sha256"
	"encoding/base64"

	"golang.org/x/crypto/bcrypt"
)

// DefaultCost is the work factor of stored password hashes: cost 10 takes
// about 80 ms on the machines this runs on, which with the sign-in rate
// limits makes guessing slow.
const DefaultCost = bcrypt.DefaultCost

// Hasher hashes passwords at one bcrypt cost. Tests use bcrypt.MinCost, as
// the race detector makes every hash ten times slower.
type Hasher struct{ cost int }

// NewHasher returns a Hasher at cost, or at DefaultCost when cost is 0.
func NewHasher(cost int) Hasher {
	if cost == 0 {
		cost = DefaultCost
	}
	return Hasher{cost: cost}
}

// Hash returns the stored form of pw.
func (h Hasher) Hash(pw string) (string, error) {
	out, err := bcrypt.GenerateFromPassword(passwordInput(pw), h.cost)
	return string(out), err
}

// Check reports whether pw matches a hash made by Hash, at any cost.
func Check(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), passwordInput(pw)) == nil
}

// passwordInput is what bcrypt sees: the SHA-256 of the password, base64
// encoded. bcrypt reads at most 72 bytes, so without this a long passphrase
// would be cut short silently (or refused); base64 keeps NUL bytes out.
func passwordInput(pw string) []byte {
	sum := sha256.Sum256([]byte(pw))
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sum)))
	base64.StdEncoding.Encode(out, sum[:])
	return out
}
