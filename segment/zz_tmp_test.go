package segment

import "testing"

func BenchmarkTmpLookup(b *testing.B) {
	in, _ := benchProfiles()
	names := []string{"cdp_reinvestable_amount", "cdp_balance", "cdp_segment", "cdp_next_expiry_date"}
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range names {
			v := in.Traits[k].Value
			if !v.IsZero() {
				n++
			}
		}
	}
	_ = n
}

func BenchmarkTmpNumDigits(b *testing.B) {
	x := dec("1234.56")
	n := 0
	for i := 0; i < b.N; i++ {
		n += x.NumDigits()
	}
	_ = n
}
