package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestIndexConstants(t *testing.T) {
	assert.Equal(t, Date{Year: IndexFirstYear, Month: 1, Day: 1}.DaysSinceEpoch(), indexLo)
	assert.Equal(t, Date{Year: IndexLastYear, Month: 12, Day: 31}.DaysSinceEpoch(), indexHi)
}

func TestIndexShape(t *testing.T) {
	ix := ANBIMA().index()
	assert.Len(t, ix.cum, indexDays+1)
	assert.Equal(t, int32(0), ix.cum[0])
	assert.Equal(t, len(ix.biz), int(ix.cum[indexDays]))
	for i := 1; i < len(ix.biz); i++ {
		if ix.biz[i] <= ix.biz[i-1] {
			t.Fatalf("biz not increasing at %d", i)
		}
	}
	for i := range indexDays {
		if step := ix.cum[i+1] - ix.cum[i]; step != 0 && step != 1 {
			t.Fatalf("cum step %d at %d", step, i)
		}
	}
}

func TestWeekdays(t *testing.T) {
	mon := Date{Year: 2025, Month: 6, Day: 9}.DaysSinceEpoch()
	tests := []struct {
		name string
		a, b int
		want int
	}{
		{"empty", mon, mon - 1, 0},
		{"one Monday", mon, mon, 1},
		{"Mon..Sun", mon, mon + 6, 5},
		{"Sat..Sun", mon + 5, mon + 6, 0},
		{"two weeks and a day", mon, mon + 14, 11},
		{"Fri..Mon", mon - 3, mon, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, weekdays(tc.a, tc.b))
		})
	}
}

func TestPosAgreesWithDaysSinceEpoch(t *testing.T) {
	ix := ANBIMA().index()
	for y := 1985; y <= 2105; y++ {
		for m := time.Month(0); m <= 13; m++ {
			for day := -1; day <= 33; day++ {
				d := Date{Year: y, Month: m, Day: day}
				i, ok := ix.pos(d)
				inRange := y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31
				if ok != inRange {
					t.Fatalf("pos(%#v) ok = %v", d, ok)
				}
				if ok && i != d.DaysSinceEpoch()-indexLo {
					t.Fatalf("pos(%#v) = %d, want %d", d, i, d.DaysSinceEpoch()-indexLo)
				}
			}
		}
	}
}

func TestPackRoundTrip(t *testing.T) {
	for e := indexLo; e <= indexHi; e++ {
		d := DateFromEpochDays(e)
		if got := unpack(pack(d)); got != d {
			t.Fatalf("unpack(pack(%v)) = %v", d, got)
		}
	}
}
