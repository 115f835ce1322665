package assess

import "encoding/json"

// DecodeResult reads a stored result snapshot. It gives exactly what
// json.Unmarshal gives (FuzzDecodeResult holds it to that), but reads the
// shape json.Marshal writes for a Result directly instead of through
// reflection, which made decoding the largest cost of a results page. Any
// input it does not expect — escapes, non-ASCII, unknown or repeated keys,
// other kinds of numbers — goes to json.Unmarshal instead.
func DecodeResult(data []byte) (Result, error) {
	d := resultDecoder{b: data}
	if r, ok := d.result(); ok {
		return r, nil
	}
	var r Result
	err := json.Unmarshal(data, &r)
	return r, err
}

type resultDecoder struct {
	b []byte
	i int
}

func (d *resultDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips white space and consumes c.
func (d *resultDecoder) next(c byte) bool {
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// null consumes a null literal.
func (d *resultDecoder) null() bool {
	d.ws()
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// str reads a string of printable ASCII without escapes.
func (d *resultDecoder) str() (string, bool) {
	raw, ok := d.raw()
	return string(raw), ok
}

// raw reads such a string and returns its bytes, unconverted.
func (d *resultDecoder) raw() ([]byte, bool) {
	if !d.next('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return d.b[start : d.i-1], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// int reads a JSON integer of at most nine digits.
func (d *resultDecoder) int() (int, bool) {
	d.ws()
	neg := false
	if d.i < len(d.b) && d.b[d.i] == '-' {
		neg = true
		d.i++
	}
	start, n := d.i, 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		n = n*10 + int(d.b[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	if digits == 0 || digits > 9 || (digits > 1 && d.b[start] == '0') {
		return 0, false
	}
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// key reads the n-th key of an object whose '{' is consumed: more is false
// at the closing '}'. A key must be one of keys and appear once (seen
// remembers which did).
func (d *resultDecoder) key(n int, keys []string, seen *uint32) (k int, more, ok bool) {
	if d.next('}') {
		return 0, false, true
	}
	if n > 0 && !d.next(',') {
		return 0, false, false
	}
	s, ok := d.raw()
	if !ok || !d.next(':') {
		return 0, false, false
	}
	for i, want := range keys {
		if string(s) == want {
			if *seen&(1<<i) != 0 {
				return 0, false, false
			}
			*seen |= 1 << i
			return i, true, true
		}
	}
	return 0, false, false
}

// elem moves to the n-th element of an array whose '[' is consumed: more
// is false at the closing ']'.
func (d *resultDecoder) elem(n int) (more, ok bool) {
	if d.next(']') {
		return false, true
	}
	if n > 0 && !d.next(',') {
		return false, false
	}
	return true, true
}

// open starts an array: null (the slice stays nil) or '['.
func (d *resultDecoder) open() (null, ok bool) {
	if d.null() {
		return true, true
	}
	return false, d.next('[')
}

var (
	resultKeys    = []string{"assessment", "sections", "strongest", "priorities", "placement", "version", "quality"}
	sectionKeys   = []string{"id", "score", "level", "subareas", "low", "items", "band_low", "band_high"}
	subKeys       = []string{"id", "score", "items", "indicative"}
	itemScoreKeys = []string{"item", "value", "score"}
	placementKeys = []string{"step", "rule", "section", "score", "role", "steps"}
	stepKeys      = []string{"step", "status", "answers"}
	qualityKeys   = []string{"flags", "sections"}
)

// bool reads a JSON true or false.
func (d *resultDecoder) bool() (bool, bool) {
	d.ws()
	switch {
	case len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true":
		d.i += 4
		return true, true
	case len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false":
		d.i += 5
		return false, true
	}
	return false, false
}

// object reads an object whose keys are among keys, each at most once,
// handing the value of key number k to field.
func (d *resultDecoder) object(keys []string, field func(k int) bool) bool {
	if !d.next('{') {
		return false
	}
	var seen uint32
	for n := 0; ; n++ {
		k, more, ok := d.key(n, keys, &seen)
		if !ok {
			return false
		}
		if !more {
			return true
		}
		if !field(k) {
			return false
		}
	}
}

// array reads an array (null leaves the slice nil) with elem reading each
// element; capacity is what the slice starts with.
func array[T any](d *resultDecoder, capacity int, elem func() (T, bool)) ([]T, bool) {
	null, ok := d.open()
	if null || !ok {
		return nil, ok
	}
	out := make([]T, 0, capacity)
	for n := 0; ; n++ {
		more, ok := d.elem(n)
		if !ok || !more {
			return out, ok
		}
		v, ok := elem()
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
}

func (d *resultDecoder) result() (Result, bool) {
	var r Result
	ok := d.object(resultKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			r.Assessment, ok = d.str()
		case 1:
			r.Sections, ok = array(d, 8, d.section)
		case 2:
			r.Strongest, ok = array(d, 2, d.str)
		case 3:
			r.Priorities, ok = array(d, 2, d.str)
		case 4:
			if d.null() {
				r.Placement, ok = nil, true
			} else {
				r.Placement, ok = d.placement()
			}
		case 5:
			r.Version, ok = d.int()
		case 6:
			if d.null() {
				r.Quality, ok = nil, true
			} else {
				r.Quality, ok = d.quality()
			}
		}
		return ok
	})
	if !ok {
		return r, false
	}
	d.ws()
	return r, d.i == len(d.b)
}

func (d *resultDecoder) section() (SectionScore, bool) {
	var s SectionScore
	ok := d.object(sectionKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			s.ID, ok = d.str()
		case 1:
			s.Score, ok = d.int()
		case 2:
			s.Level, ok = d.str()
		case 3:
			s.SubAreas, ok = array(d, 8, d.subScore)
		case 4:
			s.Low, ok = array(d, lowMax, d.itemScore)
		case 5:
			s.Items, ok = d.int()
		case 6:
			s.BandLow, ok = d.int()
		case 7:
			s.BandHigh, ok = d.int()
		}
		return ok
	})
	return s, ok
}

func (d *resultDecoder) subScore() (SubScore, bool) {
	var s SubScore
	ok := d.object(subKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			s.ID, ok = d.str()
		case 1:
			s.Score, ok = d.int()
		case 2:
			s.Items, ok = d.int()
		case 3:
			s.Indicative, ok = d.bool()
		}
		return ok
	})
	return s, ok
}

func (d *resultDecoder) itemScore() (ItemScore, bool) {
	var s ItemScore
	ok := d.object(itemScoreKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			s.Item, ok = d.str()
		case 1:
			s.Value, ok = d.str()
		case 2:
			s.Score, ok = d.int()
		}
		return ok
	})
	return s, ok
}

func (d *resultDecoder) placement() (*Placement, bool) {
	var p Placement
	ok := d.object(placementKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			p.Step, ok = d.str()
		case 1:
			p.Rule, ok = d.int()
		case 2:
			p.Section, ok = d.str()
		case 3:
			p.Score, ok = d.int()
		case 4:
			p.Role, ok = d.str()
		case 5:
			p.Steps, ok = array(d, 3, d.stepStatus)
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	return &p, true
}

func (d *resultDecoder) stepStatus() (StepStatus, bool) {
	var s StepStatus
	ok := d.object(stepKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			s.Step, ok = d.str()
		case 1:
			s.Status, ok = d.str()
		case 2:
			s.Answers, ok = array(d, 6, d.itemScore)
		}
		return ok
	})
	return s, ok
}

// quality reads the flags; their sections are a map with any keys, read
// here only when no key repeats (json.Unmarshal keeps the last, and the
// fallback handles that case).
func (d *resultDecoder) quality() (*QualityResult, bool) {
	var q QualityResult
	ok := d.object(qualityKeys, func(k int) (ok bool) {
		switch k {
		case 0:
			q.Flags, ok = array(d, 3, d.str)
		case 1:
			if d.null() {
				return true
			}
			q.Sections, ok = d.sectionsMap()
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	return &q, true
}

func (d *resultDecoder) sectionsMap() (map[string][]string, bool) {
	if !d.next('{') {
		return nil, false
	}
	m := map[string][]string{}
	for n := 0; ; n++ {
		if d.next('}') {
			return m, true
		}
		if n > 0 && !d.next(',') {
			return nil, false
		}
		k, ok := d.str()
		if !ok || !d.next(':') {
			return nil, false
		}
		if _, dup := m[k]; dup {
			return nil, false
		}
		v, ok := array(d, 5, d.str)
		if !ok {
			return nil, false
		}
		m[k] = v
	}
}
