package calendar

import "time"

// The index covers every day of the years IndexFirstYear to IndexLastYear.
const (
	// IndexFirstYear is the first year of the precomputed business-day index
	// every Calendar builds (from 1 January).
	IndexFirstYear = 1990
	// IndexLastYear is the last year of the index (to 31 December).
	IndexLastYear = 2100

	// indexLo is the day number (Date.DaysSinceEpoch) of 1990-01-01.
	indexLo = 7305
	// indexHi is the day number of 2100-12-31.
	indexHi = 47846
	// indexDays is the number of days in the index.
	indexDays = indexHi - indexLo + 1
	// indexYears is the number of years in the index.
	indexYears = IndexLastYear - IndexFirstYear + 1
)

// index is the precomputed business-day table of a Calendar over
// 1990-01-01..2100-12-31 (day numbers indexLo..indexHi), in the manner of python-bizdays and R-bizdays.
type index struct {
	// month[y][m] is the position in cum of the first day of month m+1 of
	// year IndexFirstYear+y: the day number of a Date without divisions.
	month [indexYears][12]int32
	// cum[i] is the number of business days in [indexLo, indexLo+i), so
	// len(cum) == indexDays+1 and day indexLo+i is a business day exactly
	// when cum[i+1] != cum[i].
	cum []int32
	// biz holds the business days in order, packed (see pack): biz[k] is
	// the (k+1)-th business day of the index.
	biz []uint32
	// names maps the epoch day of each holiday in the range to its name.
	names map[int32]string
}

// index returns the calendar's index, building it on first use.
func (c *Calendar) index() *index {
	c.once.Do(c.build)
	return c.idx
}

func (c *Calendar) build() {
	ix := &index{
		cum:   make([]int32, indexDays+1),
		biz:   make([]uint32, 0, indexDays*5/7+1),
		names: make(map[int32]string),
	}
	for y := range indexYears {
		for m := range 12 {
			ix.month[y][m] = int32(Date{Year: IndexFirstYear + y, Month: time.Month(m + 1), Day: 1}.DaysSinceEpoch() - indexLo)
		}
	}
	holiday := make([]bool, indexDays)
	for y := IndexFirstYear; y <= IndexLastYear; y++ {
		for _, h := range c.holidaysOf(y) {
			e := h.Date.DaysSinceEpoch()
			holiday[e-indexLo] = true
			ix.names[int32(e)] = h.Name
		}
	}
	for i := range indexDays {
		e := indexLo + i
		ix.cum[i+1] = ix.cum[i]
		if !holiday[i] && !isWeekend(e) {
			ix.cum[i+1]++
			ix.biz = append(ix.biz, pack(DateFromEpochDays(e)))
		}
	}
	c.idx = ix
}

// pos returns the position of d in the index and whether d lies in it. For a
// Date with Day in 1..31 (even past the month's end, as 2025-02-30) it agrees
// with d.DaysSinceEpoch() - indexLo; other dates report false.
func (ix *index) pos(d Date) (int, bool) {
	y, m, dd := uint(d.Year-IndexFirstYear), uint(d.Month)-1, uint(d.Day)-1
	if y >= indexYears || m >= 12 || dd >= 31 {
		return 0, false
	}
	return int(ix.month[y][m]) + int(dd), true
}

// pack encodes a date of the index in 32 bits; unpack reverses it.
func pack(d Date) uint32 { return uint32(d.Year)<<9 | uint32(d.Month)<<5 | uint32(d.Day) }

func unpack(p uint32) Date {
	return Date{Year: int(p >> 9), Month: time.Month(p >> 5 & 15), Day: int(p & 31)}
}

// bizEpoch returns the epoch day of the k-th (0-based) business day of the index.
func (ix *index) bizEpoch(k int) int { return unpack(ix.biz[k]).DaysSinceEpoch() }
