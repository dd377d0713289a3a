package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The erased customer of the tests below: strings that occur nowhere else.
const (
	erasedName    = "zanzibar-quokka-7731"
	erasedEmail   = "quokka7731@erasure.example"
	erasedSession = "sess-quokka-90210"
)

// shopWithErasedUser is fullShop after a user with a distinctive name,
// email and session id was created, used and erased. The customer's data
// is still in the file's freed pages: checked, so that the tests below
// prove something.
func shopWithErasedUser(t *testing.T, path string) *Store {
	t.Helper()
	s := fullShop(t, path)
	u := User{Username: erasedName, Email: erasedEmail}
	if err := s.CreateUser(&u); err != nil {
		t.Fatal(err)
	}
	it := Interaction{UserID: u.ID, ProductID: 1, Type: View, SessionID: erasedSession, Timestamp: s.now().Add(-time.Hour)}
	if err := s.AddInteraction(&it); err != nil {
		t.Fatal(err)
	}
	if err := s.PutProfile(&Profile{UserID: u.ID, TopCategories: []string{erasedName}}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(u.ID); err != nil {
		t.Fatal(err)
	}
	if leaks := erasedIn(readTestFile(t, path)); len(leaks) != 3 {
		t.Fatal("bbolt cleared the erased user's pages: the test below proves nothing")
	}
	return s
}

// erasedIn returns which of the erased customer's strings data holds.
func erasedIn(data []byte) []string {
	var out []string
	for _, s := range []string{erasedName, erasedEmail, erasedSession} {
		if bytes.Contains(data, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

func readTestFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCompactFileForgetsErasedUsers: after shelf compact, not a byte of
// the erased customer is left in the file, and everything else is.
func TestCompactFileForgetsErasedUsers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	s := shopWithErasedUser(t, path)
	if err := CompactFile(path); err == nil {
		t.Fatal("CompactFile ran on a file a store holds open")
	}
	s.Close()
	before, _ := Verify(path, VerifyOptions{})
	if err := CompactFile(path); err != nil {
		t.Fatal(err)
	}
	if leaks := erasedIn(readTestFile(t, path)); len(leaks) > 0 {
		t.Errorf("the compacted file still holds %q", leaks)
	}
	after, err := Verify(path, VerifyOptions{})
	if err != nil || !after.OK() || after.Counts != before.Counts {
		t.Fatalf("after compaction: %+v, %v; before: %+v", after, err, before)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	// The id sequences moved with the data: a new user does not take an
	// erased user's id.
	u := User{Username: "next", Email: "next@example.com"}
	if err := s2.CreateUser(&u); err != nil || u.ID != 12 {
		t.Errorf("new user after compaction: id %d, %v (want 12)", u.ID, err)
	}
}

// TestBackupForgetsErasedUsers: a backup of a running store holds the
// live records only.
func TestBackupForgetsErasedUsers(t *testing.T) {
	dir := t.TempDir()
	s := shopWithErasedUser(t, filepath.Join(dir, "shop.db"))
	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("backup: %d bytes, %v (%d written)", n, err, buf.Len())
	}
	if leaks := erasedIn(buf.Bytes()); len(leaks) > 0 {
		t.Errorf("the backup still holds %q", leaks)
	}
	copyPath := filepath.Join(dir, "copy.db")
	writeTestFile(t, copyPath, buf.Bytes())
	r, err := Verify(copyPath, VerifyOptions{})
	if err != nil || !r.OK() {
		t.Fatalf("the backup: %v, %v", r.Problems, err)
	}
	want := RecordCounts{Products: 20, Users: 10, Interactions: 50, Profiles: 1, Admins: 1, Sessions: 1, APIKeys: 1, Blobs: 1}
	if r.Counts != want {
		t.Errorf("the backup holds %+v, want %+v", r.Counts, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestBackupCanOmitAdminSecrets: a backup for a secret key holds no admin
// password hash and no session, and still opens and verifies.
func TestBackupCanOmitAdminSecrets(t *testing.T) {
	dir := t.TempDir()
	s := fullShop(t, filepath.Join(dir, "shop.db"))
	secrets := [][]byte{[]byte("$argon2id$hash"), []byte("0123456789abcdef0123456789abcdef")}
	for _, omit := range []bool{false, true} {
		var buf bytes.Buffer
		if _, err := s.Backup(&buf, BackupOptions{OmitAdminSecrets: omit}); err != nil {
			t.Fatal(err)
		}
		for _, secret := range secrets {
			if got := bytes.Contains(buf.Bytes(), secret); got == omit {
				t.Errorf("omit %v: the backup holds %q: %v", omit, secret, got)
			}
		}
		path := filepath.Join(dir, "copy.db")
		writeTestFile(t, path, buf.Bytes())
		r, err := Verify(path, VerifyOptions{})
		if err != nil || !r.OK() {
			t.Fatalf("omit %v: %v, %v", omit, r.Problems, err)
		}
		if admins := r.Counts.Admins + r.Counts.Sessions; (admins == 0) != omit {
			t.Errorf("omit %v: %d admins, %d sessions", omit, r.Counts.Admins, r.Counts.Sessions)
		}
	}
}
