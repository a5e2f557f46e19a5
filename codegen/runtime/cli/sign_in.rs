//! A program's sign-in: through `login.rs` (the spec's OAuth 2
//! authorization-code flow) where the tool has one, the `login` feature a
//! generated crate gets only when its spec declares that flow; without it,
//! no token is ever saved and `login` says to set the API key.

use super::config::ConfigFile;
use super::failure::Failure;
#[cfg(feature = "login")]
use super::program::block_on;
use super::program::Program;

/// What `login` says where the API declares no sign-in.
const NO_SIGN_IN: &str = "this API declares no sign-in; set the API key instead";

impl Program {
    #[cfg(feature = "login")]
    /// The token of a saved sign-in, renewed when it has expired; a
    /// warning on the way is JSON where `json`.
    pub(super) fn saved_token(
        &self,
        config: &ConfigFile,
        json: bool,
    ) -> Result<Option<String>, Failure> {
        let Some(login) = &self.login else {
            return Ok(None);
        };
        if super::login::kept(config).is_none() {
            return Ok(None);
        }
        let mut config = config.clone();
        block_on(super::login::saved_token(
            login,
            &mut config,
            self.name,
            json,
        ))
    }

    #[cfg(not(feature = "login"))]
    /// The token of a saved sign-in: none, without a sign-in.
    pub(super) fn saved_token(
        &self,
        _config: &ConfigFile,
        _json: bool,
    ) -> Result<Option<String>, Failure> {
        Ok(None)
    }

    #[cfg(feature = "login")]
    /// Where a saved sign-in is kept, for `status`: its name in JSON and in
    /// words; `None` without one.
    pub(super) fn sign_in_kept(&self, config: &ConfigFile) -> Option<(&'static str, &'static str)> {
        let kept = super::login::kept(config).filter(|_| self.login.is_some());
        kept.map(super::login::Kept::names)
    }

    #[cfg(not(feature = "login"))]
    /// Where a saved sign-in is kept, for `status`: nowhere, without a
    /// sign-in.
    pub(super) fn sign_in_kept(
        &self,
        _config: &ConfigFile,
    ) -> Option<(&'static str, &'static str)> {
        None
    }

    #[cfg(feature = "login")]
    /// `login`: signs in with the spec's OAuth 2 flow and saves the token.
    pub fn login(&self, config: &mut ConfigFile) -> Result<(), Failure> {
        let Some(login) = &self.login else {
            return Err(Failure::usage(NO_SIGN_IN));
        };
        block_on(super::login::login(login, config, self.name))
    }

    #[cfg(not(feature = "login"))]
    /// `login`: the API declares no sign-in.
    pub fn login(&self, _config: &mut ConfigFile) -> Result<(), Failure> {
        Err(Failure::usage(NO_SIGN_IN))
    }

    #[cfg(feature = "login")]
    /// `logout`: removes the saved sign-in (none is no error).
    pub fn logout(&self, config: &mut ConfigFile) -> Result<(), Failure> {
        match super::login::logout(config, self.name)? {
            true => eprintln!("Signed out: the saved token is removed."),
            false => eprintln!("Not signed in: there was no saved token."),
        }
        Ok(())
    }

    #[cfg(not(feature = "login"))]
    /// `logout`: nothing to remove, without a sign-in.
    pub fn logout(&self, _config: &mut ConfigFile) -> Result<(), Failure> {
        eprintln!("Not signed in: there was no saved token.");
        Ok(())
    }
}
