package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tailor/apperr"
	"tailor/models"
	"tailor/profile"
	"tailor/views"
)

// profileStore keeps a person's profile.
type profileStore interface {
	ProfileOf(ctx context.Context, userID uint) (*models.Profile, error)
	SaveProfile(ctx context.Context, userID uint, doc profile.Resume, expectVersion int64) (*models.Profile, error)
}

// profileHandler is the profile form, its JSON Resume import and export,
// and the profile API.
type profileHandler struct {
	site  *site
	store profileStore
}

func newProfileHandler(s *site, store profileStore) *profileHandler {
	return &profileHandler{site: s, store: store}
}

func (h *profileHandler) showProfile(c *fiber.Ctx) error {
	p, err := h.store.ProfileOf(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	if p.Version == 0 && p.Document.Basics.Name == "" {
		p.Document.Basics.Name = currentUser(c).Name
		p.Document.Basics.Email = currentUser(c).Email
	}
	return render(c, fiber.StatusOK, views.ProfilePage(h.site.page(c, "Your profile"), views.ProfileForm{Resume: *p}))
}

func (h *profileHandler) saveProfile(c *fiber.Ctx) error {
	u := currentUser(c)
	cur, err := h.store.ProfileOf(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	doc := profileFromForm(c, cur.Document)
	moved := moveEntry(&doc, c.FormValue("move"))
	version, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	form := views.ProfileForm{Resume: models.Profile{UserID: u.ID, Document: doc, Version: version}, Open: c.FormValue("add"), Moved: moved}
	if errs := doc.Validate(); len(errs) > 0 {
		form.Errors = errs
		return render(c, fiber.StatusUnprocessableEntity, views.ProfilePage(h.site.page(c, "Your profile"), form))
	}
	p, err := h.store.SaveProfile(c.UserContext(), u.ID, doc, version)
	if err != nil {
		if apperr.Code(err) == apperr.ECONFLICT {
			form.Errors = map[string]string{"form": apperr.Message(err)}
			return render(c, fiber.StatusConflict, views.ProfilePage(h.site.page(c, "Your profile"), form))
		}
		return err
	}
	return render(c, fiber.StatusOK, views.ProfilePage(h.site.page(c, "Your profile"), views.ProfileForm{Resume: *p, Saved: true, Open: form.Open, Moved: moved}))
}

// moveEntry moves one entry of a section up or down as the form's
// "move" button asks ("work.2.up"), and returns the entry's new key
// ("work.1") so the page can keep it open; "" when nothing moved.
func moveEntry(r *profile.Resume, move string) string {
	parts := strings.Split(move, ".")
	if len(parts) != 3 {
		return ""
	}
	i, err := strconv.Atoi(parts[1])
	if err != nil {
		return ""
	}
	j := i - 1
	if parts[2] == "down" {
		j = i + 1
	}
	swap := func(n int, sw func(a, b int)) bool {
		if i < 0 || j < 0 || i >= n || j >= n {
			return false
		}
		sw(i, j)
		return true
	}
	var ok bool
	switch parts[0] {
	case "work":
		ok = swap(len(r.Work), func(a, b int) { r.Work[a], r.Work[b] = r.Work[b], r.Work[a] })
	case "education":
		ok = swap(len(r.Education), func(a, b int) { r.Education[a], r.Education[b] = r.Education[b], r.Education[a] })
	case "projects":
		ok = swap(len(r.Projects), func(a, b int) { r.Projects[a], r.Projects[b] = r.Projects[b], r.Projects[a] })
	}
	if !ok {
		return ""
	}
	return parts[0] + "." + strconv.Itoa(j)
}

// profileFromForm reads the profile form's indexed fields (work.0.name, ...).
func profileFromForm(c *fiber.Ctx, old profile.Resume) profile.Resume {
	v := func(k string) string { return strings.TrimSpace(c.FormValue(k)) }
	// month reads a date field: the month picker sends YYYY-MM; a legacy
	// free-text date is turned into YYYY-MM when it names one month, else
	// kept as written.
	month := func(k string) string {
		if m, ok := profile.Month(v(k)); ok {
			return m
		}
		return v(k)
	}
	has := func(k string) bool { return c.Request().PostArgs().Has(k) || formFileHas(c, k) }
	r := profile.Resume{Basics: profile.Basics{
		Name: v("basics.name"), Label: v("basics.label"), Email: v("basics.email"), Phone: v("basics.phone"),
		URL: v("basics.url"), Summary: v("basics.summary"),
		Location: profile.Location{City: v("basics.location.city"), Region: v("basics.location.region"),
			CountryCode: v("basics.location.countryCode")},
	}}
	// Keep what the form does not edit (profiles, extra sections) from the stored document.
	r.Basics.Profiles = old.Basics.Profiles
	r.Basics.Location.Address, r.Basics.Location.PostalCode = old.Basics.Location.Address, old.Basics.Location.PostalCode
	r.Extra = old.Extra
	for i := 0; has(fmt.Sprintf("work.%d.name", i)); i++ {
		p := fmt.Sprintf("work.%d.", i)
		r.Work = append(r.Work, profile.Work{Name: v(p + "name"), Position: v(p + "position"), Location: v(p + "location"),
			StartDate: month(p + "startDate"), EndDate: month(p + "endDate"), Summary: v(p + "summary"),
			Highlights: lines(c.FormValue(p + "highlights"))})
	}
	for i := 0; has(fmt.Sprintf("education.%d.institution", i)); i++ {
		p := fmt.Sprintf("education.%d.", i)
		r.Education = append(r.Education, profile.Education{Institution: v(p + "institution"), StudyType: v(p + "studyType"),
			Area: v(p + "area"), StartDate: month(p + "startDate"), EndDate: month(p + "endDate")})
	}
	for _, line := range lines(c.FormValue("skills")) {
		name, kws, found := strings.Cut(line, ":")
		s := profile.Skill{Name: strings.TrimSpace(name)}
		if found {
			for _, k := range strings.Split(kws, ",") {
				if k = strings.TrimSpace(k); k != "" {
					s.Keywords = append(s.Keywords, k)
				}
			}
		}
		r.Skills = append(r.Skills, s)
	}
	for i := 0; has(fmt.Sprintf("projects.%d.name", i)); i++ {
		p := fmt.Sprintf("projects.%d.", i)
		r.Projects = append(r.Projects, profile.Project{Name: v(p + "name"), Description: v(p + "description"),
			Highlights: lines(c.FormValue(p + "highlights"))})
	}
	r.Clean()
	return r
}

func formFileHas(c *fiber.Ctx, k string) bool {
	f, err := c.MultipartForm()
	if err != nil || f == nil {
		return false
	}
	_, ok := f.Value[k]
	return ok
}

// lines splits a textarea into trimmed, non-empty lines, dropping bullets.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-•*·"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *profileHandler) importProfile(c *fiber.Ctx) error {
	u := currentUser(c)
	cur, err := h.store.ProfileOf(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	fail := func(status int, msg string) error {
		return render(c, status, views.ProfilePage(h.site.page(c, "Your profile"), views.ProfileForm{Resume: *cur, ImportError: msg}))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return fail(fiber.StatusBadRequest, "Choose a JSON Resume file (.json) to import.")
	}
	if fh.Size > 2<<20 {
		return fail(fiber.StatusRequestEntityTooLarge, "That file is larger than 2 MB; a JSON Resume is usually a few kilobytes. Check you picked the right file.")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 2<<20))
	if err != nil {
		return err
	}
	doc, err := profile.Parse(b)
	if err != nil {
		return fail(fiber.StatusUnprocessableEntity, "That file is not a JSON Resume document (it is not valid JSON of the right shape). Export one from jsonresume.org or from Tailor and try again.")
	}
	if errs := doc.Validate(); len(errs) > 0 {
		return fail(fiber.StatusUnprocessableEntity, "The file was read, but it is missing something: "+firstValue(errs)+" Fix the file or fill in the form.")
	}
	p, err := h.store.SaveProfile(c.UserContext(), u.ID, doc, -1)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ProfilePage(h.site.page(c, "Your profile"), views.ProfileForm{Resume: *p, Saved: true}))
}

func firstValue(m map[string]string) string {
	for _, v := range m {
		return v
	}
	return ""
}

func (h *profileHandler) exportProfile(c *fiber.Ctx) error {
	p, err := h.store.ProfileOf(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(p.Document, "", "  ")
	if err != nil {
		return err
	}
	return sendAttachment(c, fiber.MIMEApplicationJSONCharsetUTF8, "resume.json", string(b))
}

// profileJSON is the API's view of a profile: the JSON Resume document with
// its version.
func profileJSON(p *models.Profile) (map[string]any, error) {
	b, err := p.Document.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["version"] = p.Version
	return m, nil
}

func (h *profileHandler) apiGetProfile(c *fiber.Ctx) error {
	p, err := h.store.ProfileOf(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	m, err := profileJSON(p)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (h *profileHandler) apiPutProfile(c *fiber.Ctx) error {
	body := c.Body()
	if !json.Valid(body) {
		return apperr.New(apperr.EINVALID, "The body is not valid JSON. Send a JSON Resume document.")
	}
	var meta struct {
		Version *int64 `json:"version"`
	}
	_ = json.Unmarshal(body, &meta)
	doc, err := profile.Parse(body)
	if err != nil {
		return apperr.Wrap(err, apperr.EINVALID, "The body is not a JSON Resume document: check that basics, work, education, skills and projects have the JSON Resume shape.")
	}
	delete(doc.Extra, "version")
	if errs := doc.Validate(); len(errs) > 0 {
		return apperr.Invalid(errs, "The profile is missing required fields: %s", firstValue(errs))
	}
	expect := int64(-1)
	if meta.Version != nil {
		expect = *meta.Version
	}
	p, err := h.store.SaveProfile(c.UserContext(), currentUser(c).ID, doc, expect)
	if err != nil {
		return err
	}
	m, err := profileJSON(p)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// parseJSON decodes a JSON body strictly into v.
func parseJSON(c *fiber.Ctx, v any) error {
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	if err := dec.Decode(v); err != nil {
		return apperr.Wrap(err, apperr.EINVALID, "The request body is not valid JSON (%s). Send a JSON object with Content-Type: application/json.", jsonProblem(err))
	}
	return nil
}

func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("syntax error at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("field %q should be a %s", e.Field, e.Type.Kind())
	}
	if err == io.EOF {
		return "the body is empty"
	}
	return "it could not be decoded"
}
