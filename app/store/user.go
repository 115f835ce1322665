package store

import "time"

// User is a registered person: an aspiring CPO, a mentor, or both.
type User struct {
	ID            int64
	Email         string
	Name          string
	PasswordHash  string
	Locale        string // saved language preference, "" for none
	TargetRole    string // role id the person aims for
	HorizonMonths int    // 6, 12 or 18
	CreatedAt     time.Time
}
