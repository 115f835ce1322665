// Package pdf renders a development plan as a printable PDF roadmap: a
// cover with the readiness summary, a radar chart of the five skills, one
// section per skill, the path and a timeline across its three steps, the
// actions with dates and checkboxes, the resources with links, and the
// mentor's review. It knows nothing of HTTP or SQL: the caller hands it a
// plan, the person's progress and the review, and gets bytes back.
//
// Text is set in the Go fonts (golang.org/x/image/font/gofont), embedded
// as UTF-8 TrueType, so every language the app speaks prints correctly and
// no font file ships with the binary.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/i18n"
	"cpopath/app/plan"
)

// Renderer renders plans. It holds the content and the font files, read
// once; it is safe for concurrent use, as every document is built from
// scratch with its own copy of the fonts (fpdf's font parser writes into
// the buffer it is given).
type Renderer struct {
	c     *content.Content
	as    *assess.Set
	fonts []fontFile
	cover *coverage // the characters the fonts can draw (text.go)
}

type fontFile struct {
	style string
	ttf   []byte
}

// New returns a renderer over the loaded content and assessments.
func New(c *content.Content, as *assess.Set) *Renderer {
	return &Renderer{c: c, as: as, fonts: []fontFile{
		{"", goregular.TTF},
		{"B", gobold.TTF},
		{"I", goitalic.TTF},
	}, cover: newCoverage(goregular.TTF)}
}

// Doc is one plan version with everything printed beside it.
type Doc struct {
	Plan    plan.Plan
	Version int
	State   string // draft, in_review, approved, changes_requested
	Name    string // the person whose plan it is
	// L translates labels; the document is in its language.
	L *i18n.Localizer
	// Progress is the person's status per action id.
	Progress map[string]Progress
	// Comments are the mentor's review comments, oldest first.
	Comments []Comment
	// Rating is the latest rating by an active mentor, with its comments;
	// nil without one.
	Rating *Rating
	// Created is the document's date, printed and stored as its creation
	// date; a fixed value makes the output byte-for-byte reproducible.
	Created time.Time
}

// Progress is the person's status on one action.
type Progress struct {
	Status string // plan.StatusTodo, StatusDoing or StatusDone
	Note   string
	DoneOn string // YYYY-MM-DD
}

// Rating is a mentor's rating comments: per skill id and overall.
type Rating struct {
	Mentor   string
	At       time.Time
	Comments map[string]string
	Overall  string
}

// Comment is a reviewer's comment, on an action or overall (ActionID "").
type Comment struct {
	Author   string
	ActionID string
	Body     string
	Decision string // "approve", "changes" or ""
	At       time.Time
}

// Page geometry, in millimetres (A4).
const (
	pageW   = 210.0
	pageH   = 297.0
	marginL = 18.0
	marginR = 18.0
	marginT = 20.0
	marginB = 22.0
	width   = pageW - marginL - marginR
	bottom  = pageH - marginB
	family  = "go"
)

type rgb struct{ r, g, b int }

// The palette follows the web app's stylesheet, so the printout and the
// page look like one product.
var (
	colText   = rgb{28, 36, 48}
	colMuted  = rgb{79, 91, 107}
	colLine   = rgb{213, 219, 227}
	colBrand  = rgb{31, 78, 121}
	colSelf   = rgb{31, 78, 121}
	colMentor = rgb{178, 93, 0}
	colAccent = rgb{154, 91, 0}
	colGood   = rgb{30, 107, 58}
	colAlert  = rgb{163, 33, 27}
	colPale   = rgb{238, 243, 248}
	colWarm   = rgb{255, 246, 224}
	colGoodBg = rgb{232, 244, 236}
	colWhite  = rgb{255, 255, 255}
)

// Render builds the PDF of d.
func (r *Renderer) Render(d Doc) ([]byte, error) {
	if d.L == nil {
		return nil, errors.New("pdf: no localizer")
	}
	if d.Created.IsZero() {
		d.Created = time.Now()
	}
	w := &writer{
		Fpdf: fpdf.New("P", "mm", "A4", ""),
		r:    r, c: r.c, d: d, lang: d.L.Lang(),
		num: map[string]int{},
	}
	w.setup()
	w.cover()
	w.standing()
	w.path()
	w.actions()
	w.resources()
	w.review()
	return w.finish()
}

// finish returns the document's bytes, or the first error any drawing
// call met (fpdf records it and carries on).
func (w *writer) finish() ([]byte, error) {
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := w.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// Floor renders a one-page PDF with one line in each of the renderer's
// fonts: what every document pays before its content, most of it parsing
// and embedding the fonts. The benchmarks and `make bench` measure
// roadmaps against it.
func (r *Renderer) Floor() ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	for _, ff := range r.fonts {
		f.AddUTF8FontFromBytes(family, ff.style, bytes.Clone(ff.ttf))
	}
	f.AddPage()
	for _, ff := range r.fonts {
		f.SetFont(family, ff.style, 12)
		f.Cell(0, 8, "Ana Müller-Łukasiewicz · cpopath")
		f.Ln(8)
	}
	var buf bytes.Buffer
	err := f.Output(&buf)
	return buf.Bytes(), err
}

// writer is one document being written.
type writer struct {
	*fpdf.Fpdf
	r    *Renderer
	c    *content.Content
	d    Doc
	lang string
	num  map[string]int // action id → its number in the document
	toc  []tocEntry
}

type tocEntry struct {
	title string
	link  int
}

func (w *writer) t(id string, args ...any) string { return w.d.L.T(id, args...) }

func (w *writer) tx(t content.Text) string { return t.In(w.lang) }

func (w *writer) date(t time.Time) string { return w.d.L.Date(t) }

func (w *writer) setup() {
	for _, f := range w.r.fonts {
		w.AddUTF8FontFromBytes(family, f.style, bytes.Clone(f.ttf))
	}
	w.SetMargins(marginL, marginT, marginR)
	w.SetAutoPageBreak(false, marginB)
	// Page contents stay uncompressed: fpdf gives every compressed page
	// its own 1 MB deflate state, which made a roadmap allocate 39 MB
	// instead of 23 and take a quarter longer; the file grows from about
	// 95 to 220 KB, still quick to download. (Fonts are compressed
	// regardless.)
	w.SetCompression(false)
	w.SetCatalogSort(true)
	w.SetCreationDate(w.d.Created)
	w.SetModificationDate(w.d.Created)
	title := w.t("plan.pdf.doc_title", "Name", w.d.Name)
	w.SetTitle(w.safe(title), true)
	w.SetAuthor(w.safe(w.d.Name), true)
	w.SetSubject(w.t("plan.pdf.subject"), true)
	w.SetCreator("cpopath", true)
	w.SetProducer("cpopath", true)
	w.SetLang(w.lang)
	w.SetDisplayMode("fullpage", "single")
	w.AliasNbPages("")
	w.SetFooterFunc(w.footer)
	w.SetCellMargin(0)
	// Number the actions in the order they are printed: kept ones first,
	// then by milestone.
	for i, a := range w.d.Plan.Actions {
		w.num[a.ID] = i + 1
	}
}

func (w *writer) color(c rgb)                     { w.SetTextColor(c.r, c.g, c.b) }
func (w *writer) fill(c rgb)                      { w.SetFillColor(c.r, c.g, c.b) }
func (w *writer) draw(c rgb)                      { w.SetDrawColor(c.r, c.g, c.b) }
func (w *writer) font(style string, size float64) { w.SetFont(family, style, size) }

func (w *writer) footer() {
	if w.PageNo() == 1 {
		return
	}
	w.draw(colLine)
	w.SetLineWidth(0.2)
	w.Line(marginL, pageH-15, pageW-marginR, pageH-15)
	w.font("", 8)
	w.color(colMuted)
	w.SetXY(marginL, pageH-13)
	w.CellFormat(width/2, 4, w.t("plan.pdf.footer", "Name", w.d.Name, "Version", w.d.Version), "", 0, "L", false, 0, "")
	w.SetXY(marginL+width/2, pageH-13)
	w.CellFormat(width/2, 4, w.t("plan.pdf.page", "Page", w.PageNo(), "Pages", "{nb}"), "", 0, "R", false, 0, "")
}

// lines wraps text to width mm in the current font.
func (w *writer) lines(text string, wd float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, w.SplitText(para, wd)...)
	}
	return out
}

// para writes wrapped text at the current position; it returns the height
// used. The caller makes room first (need).
func (w *writer) para(text string, style string, size, lh float64, c rgb, x, wd float64) float64 {
	w.font(style, size)
	w.color(c)
	ls := w.lines(text, wd)
	for _, l := range ls {
		w.SetX(x)
		w.CellFormat(wd, lh, l, "", 2, "L", false, 0, "")
	}
	return float64(len(ls)) * lh
}

// measure returns the height para would take.
func (w *writer) measure(text string, style string, size, lh, wd float64) float64 {
	w.font(style, size)
	return float64(len(w.lines(text, wd))) * lh
}

// need starts a new page unless h mm fit above the bottom margin.
func (w *writer) need(h float64) {
	if w.GetY()+h > bottom {
		w.AddPage()
		w.SetY(marginT)
	}
}

// sectionRoom is the space a section needs below its title to start on a
// page that already holds something; less, and it starts a new page.
const sectionRoom = 80.0

// section starts a top-level section with a bookmark: on the current page
// when there is room, so that no page holds only a short tail, otherwise
// on a new page.
func (w *writer) section(title string) {
	if w.PageNo() <= 1 || w.GetY()+18+sectionRoom > bottom {
		w.AddPage()
		w.SetY(marginT)
	} else {
		w.SetY(w.GetY() + 8)
	}
	w.font("B", 20)
	w.Bookmark(title, 0, -1)
	for _, e := range w.toc {
		if e.title == title {
			w.SetLink(e.link, -1, w.PageNo())
		}
	}
	w.color(colBrand)
	w.CellFormat(width, 10, title, "", 2, "L", false, 0, "")
	w.draw(colBrand)
	w.SetLineWidth(0.6)
	y := w.GetY() + 1
	w.Line(marginL, y, marginL+24, y)
	w.SetY(y + 6)
}

// heading is a second-level heading with a bookmark.
func (w *writer) heading(title, right string, keep float64) {
	w.need(10 + keep)
	w.font("B", 13)
	w.Bookmark(title, 1, -1)
	w.color(colText)
	y := w.GetY()
	w.SetX(marginL)
	w.CellFormat(width, 7, title, "", 0, "L", false, 0, "")
	if right != "" {
		w.SetXY(marginL, y)
		w.font("B", 11)
		w.color(colBrand)
		w.CellFormat(width, 7, right, "", 0, "R", false, 0, "")
	}
	w.SetY(y + 8)
}

// targetName is the name of the plan's target role.
func (w *writer) targetName() string {
	return plan.TargetName(w.d.Plan.Target.Role, w.t, w.c, w.lang)
}

func (w *writer) stateName() string { return w.t("plan.state." + w.d.State) }

func (w *writer) milestoneLabel(m plan.Milestone) string {
	if m.Quarterly() {
		return w.t("plan.milestone.month", "Months", m.Months)
	}
	return w.t("plan.milestone.days", "Days", m.Days)
}

func (w *writer) explain(r plan.Reason) string { return plan.Explain(r, w.t, w.c, w.lang) }
