package core

// checkOAuth2Options validates the oauth2 providers of an auth collection.
func (app *App) checkOAuth2Options(c *Collection) error {
	return nil
}
