package account

// Password rules.
const (
	PasswordMin = 10   // characters
	PasswordMax = 1000 // bytes: bounds the work a request can ask for
)

// PasswordProblem returns the id of the message saying what is wrong with
// pw for an account with email and name, or "" when it is acceptable. The
// judgement is Strength's; this names the message the person reads.
func PasswordProblem(pw, email, name string) string {
	switch Strength(pw, email, name) {
	case WeakShort:
		return "account.error.password_short"
	case WeakLong:
		return "account.error.password_long"
	case WeakPersonal:
		return "account.error.password_personal"
	case WeakCommon:
		return "account.error.password_common"
	}
	return ""
}
