package web

// The key of each cached piece of a page (fragment.go). A key's fields are
// everything its template shows; a piece rendered with a view that carries
// only the language (langView) can then be shared by everyone whose key is
// equal. Adding what a template shows means adding a field here.

// questionKey: one question of an assessment page with its answer checked.
type questionKey struct {
	lang, assessment, item string
	value                  string // the checked answer, "" for none
	number                 int    // the question's number on the page
	missing                bool   // marked as still to answer
}

// assessmentHeadKey: an assessment page's heading and progress.
type assessmentHeadKey struct {
	lang, assessment string
	page, answered   int
}

// assessmentNavKey: an assessment page's buttons.
type assessmentNavKey struct {
	lang, assessment string
	page             int
}

// assessmentPagerKey: the list of an assessment's pages.
type assessmentPagerKey struct {
	lang, assessment string
	page             int
}

// assessmentFormKey: an assessment page's form tag, with a slot for the
// visitor's CSRF token.
type assessmentFormKey struct {
	lang, assessment string
	page             int
}

// siteHeaderKey: the site header, with a slot for the visitor's CSRF
// token when signed in; it names no one.
type siteHeaderKey struct {
	lang, nav string
	signedIn  bool
}

// skillScore is what a results piece about one skill's score shows.
type skillScore struct {
	lang, skill, level string
	score              int
	// The score's likely range (results from version 2 on).
	bandLow, bandHigh int
	hasBand           bool
}

// resultsRowKey: a skill's row in the results table.
type resultsRowKey skillScore

// resultsItemKey: a skill among the strongest or the priorities.
type resultsItemKey skillScore

// resultsWhyOpenKey: the start of a priority's explanation.
type resultsWhyOpenKey struct {
	lang, skill string
	score       int
	hasLow      bool
}

// resultsLowKey: one low-scoring answer in a priority's explanation.
type resultsLowKey struct {
	lang, assessment, item string
	answer                 string // the answer's text key
	score                  int
	of                     bool // a mentor's view, in its own wording
}

// resultsWhyCloseKey: the end of a priority's explanation.
type resultsWhyCloseKey struct {
	lang   string
	hasLow bool
}

// resultsDetailOpenKey: the start of a skill's details.
type resultsDetailOpenKey struct {
	skillScore
	hasSubAreas bool
	of          bool // a mentor's view, quoting what the level says to the mentee
}

// resultsSubRowKey: one sub-area's row in a skill's details.
type resultsSubRowKey struct {
	lang, subArea string
	score         int
	// How many answers the score rests on, and whether that is too few.
	items      int
	indicative bool
}

// resultsDetailCloseKey: the end of a skill's details.
type resultsDetailCloseKey struct {
	lang        string
	hasSubAreas bool
}

func (questionKey) template() string        { return "question" }
func (assessmentHeadKey) template() string  { return "assessment-head" }
func (assessmentNavKey) template() string   { return "assessment-nav" }
func (assessmentPagerKey) template() string { return "assessment-pager" }
func (assessmentFormKey) template() string  { return "assessment-form" }
func (siteHeaderKey) template() string      { return "site-header" }
func (resultsRowKey) template() string      { return "results-row" }
func (resultsItemKey) template() string     { return "results-item" }
func (resultsWhyOpenKey) template() string  { return "results-why-open" }
func (k resultsLowKey) template() string {
	if k.of {
		return "results-low-of"
	}
	return "results-low"
}
func (resultsWhyCloseKey) template() string { return "results-why-close" }
func (k resultsDetailOpenKey) template() string {
	if k.of {
		return "results-detail-open-of"
	}
	return "results-detail-open"
}
func (resultsSubRowKey) template() string      { return "results-sub-row" }
func (resultsDetailCloseKey) template() string { return "results-detail-close" }

func (k questionKey) language() string           { return k.lang }
func (k assessmentHeadKey) language() string     { return k.lang }
func (k assessmentNavKey) language() string      { return k.lang }
func (k assessmentPagerKey) language() string    { return k.lang }
func (k assessmentFormKey) language() string     { return k.lang }
func (k siteHeaderKey) language() string         { return k.lang }
func (k resultsRowKey) language() string         { return k.lang }
func (k resultsItemKey) language() string        { return k.lang }
func (k resultsWhyOpenKey) language() string     { return k.lang }
func (k resultsLowKey) language() string         { return k.lang }
func (k resultsWhyCloseKey) language() string    { return k.lang }
func (k resultsDetailOpenKey) language() string  { return k.lang }
func (k resultsSubRowKey) language() string      { return k.lang }
func (k resultsDetailCloseKey) language() string { return k.lang }
