package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/pdf"
	"cpopath/app/store"
)

// roadmaps renders plan PDFs. Rendering is CPU- and memory-heavy (the
// fonts are parsed for every document), so renders are capped at one per
// core, and a finished PDF is kept until its plan changes. The zero value
// is ready: the renderer is built on first use.
type roadmaps struct {
	once  sync.Once
	r     *pdf.Renderer
	sem   chan struct{}
	mu    sync.Mutex
	cache map[string][]byte
	order []string // keys, oldest first, for eviction
	size  int      // bytes held
}

// Limits of the PDF cache and of waiting for a render slot.
const (
	pdfCacheEntries = 64
	// The cache is live memory, held for as long as the server runs, in a
	// server meant to stay under 100 MB: 8 MB keeps some forty roadmaps,
	// enough for the people who download again after a change or two.
	pdfCacheBytes = 8 << 20
	pdfWait       = 20 * time.Second
)

func (h *handler) roadmap() *roadmaps {
	rm := &h.roadmaps
	rm.once.Do(func() {
		rm.r = pdf.New(h.c, h.as)
		rm.sem = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
		rm.cache = map[string][]byte{}
	})
	return rm
}

func (rm *roadmaps) get(key string) []byte {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	return rm.cache[key]
}

func (rm *roadmaps) put(key string, b []byte) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if _, ok := rm.cache[key]; ok {
		return
	}
	rm.cache[key] = b
	rm.order = append(rm.order, key)
	rm.size += len(b)
	for len(rm.order) > pdfCacheEntries || (rm.size > pdfCacheBytes && len(rm.order) > 1) {
		old := rm.order[0]
		rm.order = rm.order[1:]
		rm.size -= len(rm.cache[old])
		delete(rm.cache, old)
	}
}

// render returns the PDF of d, from the cache when key is there, waiting
// for a free render slot otherwise.
func (rm *roadmaps) render(ctx context.Context, key string, d pdf.Doc) ([]byte, error) {
	if b := rm.get(key); b != nil {
		return b, nil
	}
	ctx, cancel := context.WithTimeout(ctx, pdfWait)
	defer cancel()
	select {
	case rm.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, newError(fiber.StatusServiceUnavailable, "plan.error.busy")
	}
	defer func() { <-rm.sem }()
	// Another request may have rendered it while this one waited.
	if b := rm.get(key); b != nil {
		return b, nil
	}
	b, err := rm.r.Render(d)
	if err != nil {
		return nil, err
	}
	rm.put(key, b)
	return b, nil
}

// planPDFOwn sends the person's plan as a PDF: the latest version, or
// version ?v=n.
func (h *handler) planPDFOwn(c *fiber.Ctx) error {
	u := h.user(c)
	ctx := c.UserContext()
	var p *store.Plan
	var err error
	if v := c.Query("v"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			return errNotFound
		}
		p, err = h.st.PlanVersion(ctx, u.ID, n)
	} else {
		p, err = h.st.LatestPlan(ctx, u.ID)
	}
	if err != nil {
		return err
	}
	return h.sendPlanPDF(c, p)
}

// mentorPlanPDF sends a mentee's latest plan as a PDF to their mentor.
func (h *handler) mentorPlanPDF(c *fiber.Ctx) error {
	menteeID, err := h.planMentee(c)
	if err != nil {
		return err
	}
	p, err := h.st.LatestPlan(c.UserContext(), menteeID)
	if err != nil {
		return err
	}
	return h.sendPlanPDF(c, p)
}

func (h *handler) sendPlanPDF(c *fiber.Ctx, p *store.Plan) error {
	ctx := c.UserContext()
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return err
	}
	comments, err := h.st.PlanComments(ctx, p.ID)
	if err != nil {
		return err
	}
	l := h.loc(c)
	d := pdf.Doc{
		Plan: p.Body, Version: p.Version, State: p.State, Name: p.OwnerName, L: l,
		Progress: map[string]pdf.Progress{},
		// The document shows the plan as of its last change, which also
		// makes the same plan render to the same bytes.
		Created: p.UpdatedAt,
	}
	// The key covers everything printed: updated_at moves with every change
	// but only by the second, so the content hash tells apart two changes
	// within one second.
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\x00%s\x00", p.State, p.OwnerName)
	// The body changes with every edit (moves, own actions), which the
	// progress rows alone do not show.
	if body, err := json.Marshal(p.Body); err == nil {
		sum.Write(body)
	}
	if r, err := h.st.LatestRating(ctx, p.UserID); err == nil {
		d.Rating = &pdf.Rating{Mentor: r.MentorName, At: r.CreatedAt, Comments: r.Comments, Overall: r.Overall}
		fmt.Fprintf(sum, "\x00rating %d\x00", r.ID)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, a := range p.Body.Actions {
		pr := progress[a.ID]
		d.Progress[a.ID] = pdf.Progress{Status: pr.Status, Note: pr.Note, DoneOn: pr.DoneOn}
		fmt.Fprintf(sum, "%s\x00%s\x00%s\x00%s\x00", a.ID, pr.Status, pr.Note, pr.DoneOn)
	}
	for _, cm := range comments {
		d.Comments = append(d.Comments, pdf.Comment{Author: cm.AuthorName, ActionID: cm.ActionID, Body: cm.Body, Decision: cm.Decision, At: cm.CreatedAt})
		fmt.Fprintf(sum, "%d\x00%s\x00%s\x00%s\x00%s\x00", cm.ID, cm.AuthorName, cm.ActionID, cm.Body, cm.Decision)
	}
	key := fmt.Sprintf("%d|%d|%s|%s", p.ID, p.UpdatedAt.Unix(), l.Lang(), hex.EncodeToString(sum.Sum(nil)))
	b, err := h.roadmap().render(ctx, key, d)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("cpopath-plan-v%d.pdf", p.Version)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(b)
}
