// Package account holds the pure rules of accounts: how strong a password
// must be, how one-time tokens are made and stored, and the second factor
// (TOTP codes and recovery codes). It does no I/O, so web, main and the
// tests share one definition of each rule.
package account
