package account

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/bcrypt"
)

// TOTP settings: what every authenticator app understands (RFC 6238
// defaults), and one step of clock drift either way.
const (
	totpPeriod = 30
	totpSkew   = 1
	// RecoveryCodes is how many single-use codes enrolment gives.
	RecoveryCodes = 10
)

// NewTOTP makes a secret for accountName and returns it (base32, for
// typing in by hand) with its otpauth:// URL (for the QR code).
func NewTOTP(issuer, accountName string) (secret, url string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: accountName, Period: totpPeriod})
	if err != nil {
		return "", "", err
	}
	return k.Secret(), k.URL(), nil
}

// QRCodePNG draws the otpauth URL as a QR code, on the server: no third
// party sees the secret.
func QRCodePNG(url string) ([]byte, error) {
	k, err := otp.NewKeyFromURL(url)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CheckTOTP reports whether code is right for secret at t and returns the
// time step it belongs to. A step at or before lastStep is refused, so a
// code seen over a shoulder cannot be used a second time.
func CheckTOTP(secret, code string, t time.Time, lastStep int64) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	now := t.Unix() / totpPeriod
	for off := int64(-totpSkew); off <= totpSkew; off++ {
		step := now + off
		if step <= lastStep {
			continue
		}
		want, err := TOTPCode(secret, time.Unix(step*totpPeriod, 0))
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// TOTPCode is the code an authenticator app shows for secret at t.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryCodes returns n random codes like "k7wq2-mx4pa" (50 bits
// each, short enough to type), to be shown once; only HashRecoveryCode of
// each is stored.
func NewRecoveryCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 7)
		if _, err := rand.Read(b); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		s := strings.ToLower(recoveryEncoding.EncodeToString(b))[:10]
		out[i] = s[:5] + "-" + s[5:]
	}
	return out
}

// HashRecoveryCode hashes a code for storage with bcrypt at cost: a code
// has fewer than 112 bits, so a fast hash would let a copy of the database
// be searched exhaustively; bcrypt's salt and work prevent that.
func HashRecoveryCode(code string, cost int) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(normalRecoveryCode(code)), cost)
}

// CheckRecoveryCode reports whether code, as typed, is the one hashed.
func CheckRecoveryCode(hash []byte, code string) bool {
	return bcrypt.CompareHashAndPassword(hash, []byte(normalRecoveryCode(code))) == nil
}

// normalRecoveryCode forgives case, spaces and dashes as typed.
func normalRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
}

// LooksLikeRecoveryCode tells a recovery code from a six-digit TOTP code
// in the one field the sign-in form has for both.
func LooksLikeRecoveryCode(code string) bool {
	return len(strings.Join(strings.Fields(code), "")) >= 10
}

// TOTPURL is the otpauth:// URL of an existing secret, for its QR code.
func TOTPURL(issuer, accountName, secret string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("period", "30")
	v.Set("digits", "6")
	v.Set("algorithm", "SHA1")
	return "otpauth://totp/" + url.PathEscape(issuer) + ":" + url.PathEscape(accountName) + "?" + v.Encode()
}

// GroupKey writes a base32 secret in groups of four for typing by hand.
func GroupKey(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
