package models

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"tailor/apperr"
	"tailor/billing"
)

// Roles.
const (
	RoleUser  = "user"
	RoleAdmin = "admin"
)

// User is a person with an account.
type User struct {
	ID           uint      `gorm:"primaryKey" json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	Role         string    `json:"role"`
	Plan         string    `json:"plan"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// IsAdmin reports whether u may use /admin.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// CheckPassword reports whether pw is u's password.
func (u *User) CheckPassword(pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(pw)) == nil
}

// dummyHash lets a login for an unknown email cost as much as a real one.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("tailor-timing-equaliser"), bcrypt.DefaultCost)

// CheckDummyPassword spends the time of a password check, so an unknown
// email cannot be told from a wrong password by timing.
func CheckDummyPassword(pw string) { _ = bcrypt.CompareHashAndPassword(dummyHash, []byte(pw)) }

// NormalizeEmail is the form emails are stored and looked up in.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// CreateUser stores a new user with a bcrypt hash of password.
func (db *DB) CreateUser(ctx context.Context, email, name, password, role string) (*User, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	now := db.now()
	u := &User{Email: NormalizeEmail(email), Name: strings.TrimSpace(name), PasswordHash: string(hash),
		Role: role, Plan: billing.PlanFreemium, CreatedAt: now, UpdatedAt: now}
	if err := db.ctx(ctx).Create(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, apperr.New(apperr.ECONFLICT, "An account with this email already exists.")
		}
		return nil, err
	}
	return u, nil
}

// UserByEmail finds a user by email.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := db.ctx(ctx).Where("email = ?", NormalizeEmail(email)).Take(&u).Error
	if err != nil {
		return nil, notFound(err, "user")
	}
	return &u, nil
}

// UserByID finds a user by id.
func (db *DB) UserByID(ctx context.Context, id uint) (*User, error) {
	var u User
	if err := db.ctx(ctx).Take(&u, id).Error; err != nil {
		return nil, notFound(err, "user")
	}
	return &u, nil
}

// UserPlan implements billing.PlanSource. It reads the database on
// every call, so a plan change applies to the next call.
func (db *DB) UserPlan(ctx context.Context, userID uint) (string, error) {
	q := "SELECT plan FROM users WHERE id = $1"
	if db.dialect == "sqlite" {
		q = "SELECT plan FROM users WHERE id = ?"
	}
	var plan string
	// database/sql directly: this runs on every AI call.
	err := db.quotaSQL.QueryRowContext(ctx, q, int64(userID)).Scan(&plan)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if plan == "" {
		return billing.PlanFreemium, nil
	}
	return plan, nil
}

// ListUsers returns users, newest first.
func (db *DB) ListUsers(ctx context.Context, limit, offset int) ([]User, error) {
	var us []User
	err := db.ctx(ctx).Order("id DESC").Limit(limit).Offset(offset).Find(&us).Error
	return us, err
}

// UpdateUserPlanRole changes a user's plan and/or role (empty = unchanged).
func (db *DB) UpdateUserPlanRole(ctx context.Context, id uint, plan, role string) (*User, error) {
	fields := map[string]string{}
	if plan != "" && !billing.ValidPlan(plan) {
		fields["plan"] = "Plan must be one of " + strings.Join(billing.Plans, ", ") + "."
	}
	if role != "" && role != RoleUser && role != RoleAdmin {
		fields["role"] = "Role must be user or admin."
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid(fields, "Fix the highlighted fields and try again.")
	}
	updates := map[string]any{"updated_at": db.now()}
	if plan != "" {
		updates["plan"] = plan
	}
	if role != "" {
		updates["role"] = role
	}
	q := db.ctx(ctx).Model(&User{}).Where("id = ?", id)
	if role == RoleUser {
		// Demoting is refused when it would leave no admin: the condition
		// sits in the UPDATE itself, so two admins demoting each other at
		// once cannot both succeed.
		q = q.Where("(role <> ? OR (SELECT COUNT(*) FROM users a WHERE a.role = ?) > 1)", RoleAdmin, RoleAdmin)
	}
	res := q.Updates(updates)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		if _, err := db.UserByID(ctx, id); err != nil {
			return nil, err
		}
		return nil, apperr.New(apperr.ECONFLICT, "This is the only admin: make another user an admin first, then change this one.")
	}
	return db.UserByID(ctx, id)
}

// EnsureAdmin creates an admin with email and password unless a user with
// that email exists. It reports whether it created one.
func (db *DB) EnsureAdmin(ctx context.Context, email, password string) (bool, error) {
	if _, err := db.UserByEmail(ctx, email); err == nil {
		return false, nil
	} else if apperr.Code(err) != apperr.ENOTFOUND {
		return false, err
	}
	_, err := db.CreateUser(ctx, email, "Admin", password, RoleAdmin)
	return err == nil, err
}
