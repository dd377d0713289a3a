package dataio

import (
	"reflect"
	"strings"
	"testing"

	"shelf/store"
)

func TestDecodeUsers(t *testing.T) {
	at := mustTime(t, "2022-06-01T00:00:00Z")
	tests := []struct {
		name   string
		format Format
		in     string
		want   []store.User
		errs   []LineError
	}{
		{
			name:   "csv",
			format: CSV,
			in: "id,username,email,date_joined\n" +
				"7,ana,ana@example.com,2022-06-01T00:00:00Z\n" +
				",björn, ,\n" +
				",zoë,,1654041600\n",
			want: []store.User{
				{ID: 7, Username: "ana", Email: "ana@example.com", JoinedAt: at},
				{Username: "björn"},
				{Username: "zoë", JoinedAt: at},
			},
		},
		{
			name:   "csv password column refused",
			format: CSV,
			in:     "username,Password\nana,secret\n",
			errs:   []LineError{{Line: 1, Field: "password", Message: "passwords are not imported"}},
		},
		{
			name:   "csv invalid users",
			format: CSV,
			in:     "username,email\nana maria,ana@\n/x,\"Ana <ana@example.com>\"\n",
			errs: []LineError{
				{Line: 2, Field: "email", Message: "valid e-mail"},
				{Line: 2, Field: "username", Message: "spaces or slashes"},
				{Line: 3, Field: "email", Message: "valid e-mail"},
				{Line: 3, Field: "username", Message: "spaces or slashes"},
			},
		},
		{
			name:   "ndjson",
			format: NDJSON,
			in: `{"id":7,"username":"ana","email":"ana@example.com","date_joined":"2022-06-01T00:00:00Z"}` + "\n" +
				`{"username":"björn","email":null}` + "\n",
			want: []store.User{
				{ID: 7, Username: "ana", Email: "ana@example.com", JoinedAt: at},
				{Username: "björn"},
			},
		},
		{
			name:   "ndjson password field refused",
			format: NDJSON,
			in: `{"username":"ana","password":"secret"}` + "\n" +
				`{"username":"bo","password_hash":"$2a$10$abc"}` + "\n",
			errs: []LineError{
				{Line: 1, Field: "password", Message: "passwords are not imported"},
				{Line: 2, Field: "password_hash", Message: "passwords are not imported"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeUsers(strings.NewReader(tc.in), tc.format)
			if tc.errs != nil {
				if got != nil {
					t.Errorf("got %d users with an error, want none", len(got))
				}
				checkErrors(t, err, tc.errs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
