package calendar

// The index covers every day from IndexStart to IndexEnd inclusive.
const (
	// indexLo is IndexStart.DaysSinceEpoch().
	indexLo = 7305
	// indexHi is IndexEnd.DaysSinceEpoch().
	indexHi = 47846
	// indexDays is the number of days in the index.
	indexDays = indexHi - indexLo + 1
)

var (
	// IndexStart is the first day of the precomputed business-day index.
	IndexStart = Date{Year: 1990, Month: 1, Day: 1}
	// IndexEnd is the last day of the precomputed business-day index.
	IndexEnd = Date{Year: 2100, Month: 12, Day: 31}
)

// index is the precomputed business-day table of a Calendar over
// [indexLo, indexHi], in the manner of python-bizdays and R-bizdays.
type index struct {
	// cum[i] is the number of business days in [indexLo, indexLo+i), so
	// len(cum) == indexDays+1 and day indexLo+i is a business day exactly
	// when cum[i+1] != cum[i].
	cum []int32
	// biz holds the epoch days of the business days in order: biz[k] is the
	// (k+1)-th business day of the index.
	biz []int32
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
		biz:   make([]int32, 0, indexDays*5/7+1),
		names: make(map[int32]string),
	}
	holiday := make([]bool, indexDays)
	for y := IndexStart.Year; y <= IndexEnd.Year; y++ {
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
			ix.biz = append(ix.biz, int32(e))
		}
	}
	c.idx = ix
}
