package dataio

import (
	"io"

	"shelf/store"
)

// passwordRefused explains why user files carry no passwords.
const passwordRefused = "passwords are not imported: remove this column; " +
	"imported users set their password themselves"

// DecodeUsers reads users from CSV (column username, and optionally id,
// email and date_joined) or NDJSON (objects with those fields). A password
// or password_hash column or field is refused: passwords are never imported
// in plain text. Every returned user has passed Validate. Any problem
// returns an *Errors and no users.
func DecodeUsers(r io.Reader, f Format) ([]store.User, error) {
	return decode(r, f, userSchema(), nil)
}

func userSchema() *schema[store.User] {
	return &schema[store.User]{
		fields: []field[store.User]{
			{name: "id", set: func(u *store.User, v value) (err error) {
				u.ID, err = v.id()
				return err
			}},
			{name: "username", header: true, set: func(u *store.User, v value) (err error) {
				u.Username, err = v.str()
				return err
			}},
			{name: "email", set: func(u *store.User, v value) (err error) {
				u.Email, err = v.str()
				return err
			}},
			{name: "date_joined", set: func(u *store.User, v value) (err error) {
				u.JoinedAt, err = v.time()
				return err
			}},
			{name: "password", reject: passwordRefused},
			{name: "password_hash", reject: passwordRefused},
		},
		validate: func(u *store.User) error { return u.Validate() },
	}
}
