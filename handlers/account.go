package handlers

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/views"
)

// accountDataStore exports and deletes everything of a person's.
type accountDataStore interface {
	ExportAccount(ctx context.Context, userID uint) (*models.AccountExport, error)
	DeleteAccount(ctx context.Context, userID uint) error
}

// accountHandler gives people their data and deletes their account, from
// the Settings page and the API.
type accountHandler struct {
	store    accountDataStore
	settings *settingsHandler // shows the page again with the confirm error
}

func newAccountHandler(store accountDataStore, settings *settingsHandler) *accountHandler {
	return &accountHandler{store: store, settings: settings}
}

func (h *accountHandler) exportAccount(c *fiber.Ctx) error {
	out, err := h.store.ExportAccount(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="tailor-export-`+time.Now().UTC().Format("2006-01-02")+`.json"`)
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}

func (h *accountHandler) apiExportAccount(c *fiber.Ctx) error {
	out, err := h.store.ExportAccount(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// deleteAccount deletes the person and everything of theirs once they
// typed their email to confirm.
func (h *accountHandler) deleteAccount(c *fiber.Ctx) error {
	u := currentUser(c)
	if !strings.EqualFold(strings.TrimSpace(c.FormValue("confirm")), u.Email) {
		return h.settings.renderSettingsWith(c, views.Settings{DeleteError: "Type your account's email exactly (" + u.Email + ") to delete the account."}, fiber.StatusUnprocessableEntity)
	}
	if err := h.store.DeleteAccount(c.UserContext(), u.ID); err != nil {
		return err
	}
	s := sess(c)
	s.row = nil // deleted with the account
	s.end()
	return c.Redirect("/register", fiber.StatusSeeOther)
}

func (h *accountHandler) apiDeleteAccount(c *fiber.Ctx) error {
	u := currentUser(c)
	var body struct {
		Confirm string `json:"confirm"`
	}
	if err := parseJSON(c, &body); err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(body.Confirm), u.Email) {
		return apperr.Invalid(map[string]string{"confirm": "Send your account's email."},
			"To delete the account, send {\"confirm\": \"%s\"}.", u.Email)
	}
	if err := h.store.DeleteAccount(c.UserContext(), u.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
