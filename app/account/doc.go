// Package account holds the rules of an account that need no database and
// no HTTP: the password policy (strength judged by zxcvbn, with the
// person's name and email as guessable) and hashing, the normalisation of
// names and email addresses, one-time tokens, and the second factor (TOTP
// codes and recovery codes). Problems are returned as message ids, which
// the web layer translates.
package account
