package web

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"
)

// meExport downloads everything stored about the signed-in person as one
// JSON file. The password hash and session tokens are not in it.
func (h *handler) meExport(c *fiber.Ctx) error {
	u := h.user(c)
	x, err := h.st.Export(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	h.record(c, u.ID, evExport)
	name := "cpopath-export-" + x.ExportedAt.Format("2006-01-02") + ".json"
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b)
}
