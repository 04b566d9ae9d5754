package calendar

import "strconv"

// Convention says how Adjust moves a date that is not a business day.
//
// The zero value is Following, the convention of Brazilian fixed income: a
// maturity on a non-business day is paid on the next business day.
type Convention int

const (
	// Following moves a non-business day to the next business day.
	Following Convention = iota
	// Preceding moves a non-business day to the previous business day.
	Preceding
	// ModifiedFollowing moves a non-business day to the next business day,
	// unless that falls in the next month; then to the previous business day.
	ModifiedFollowing
)

// String returns the convention's name, such as "Following", or
// "Convention(N)" for a value that is not one of the constants. Adjust treats
// such a value as Following.
func (c Convention) String() string {
	switch c {
	case Following:
		return "Following"
	case Preceding:
		return "Preceding"
	case ModifiedFollowing:
		return "ModifiedFollowing"
	}
	return "Convention(" + strconv.Itoa(int(c)) + ")"
}
