package calendar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIndexConstants(t *testing.T) {
	assert.Equal(t, IndexStart.DaysSinceEpoch(), indexLo)
	assert.Equal(t, IndexEnd.DaysSinceEpoch(), indexHi)
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
