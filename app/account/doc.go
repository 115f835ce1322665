// Package account holds the rules of an account that need no database and
// no HTTP: the password policy and hashing, and the normalisation of names
// and email addresses. Problems are returned as message ids, which the web
// layer translates.
package account
