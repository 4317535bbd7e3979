//! Who may see and do what: the one mechanism that scopes every query to an organisation and a role.
//!
//! An [`Access`] is made only by the store — from a live session or API token, or for the command line
//! from an organisation the database knows ([`Store::org_access`](crate::Store::org_access)). Every
//! function that touches case data takes one, and writes its row filter (`Access::visible`) into the
//! SQL itself, so a handler cannot forget the organisation, nor ask for a client its user may not see:
//! such a client is simply not found (HTTP 404, no existence leak). What a role may *do* with a client it
//! can see is [`Role::may`], checked by the same store functions (a refusal is
//! [`StoreError::Forbidden`](crate::StoreError::Forbidden), HTTP 403). The matrix is written out in
//! `docs/permissions.md`, and the web crate's tests try every cell.

use crate::Tenant;

/// A user's role. Stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// An NGO caseworker (begeleider): the clients assigned to them or shared with them.
    Caseworker,
    /// An NGO coordinator: all of the organisation's clients, its users and its reports.
    Coordinator,
    /// A DT&V regievoerder: only the clients registered with DT&V in their caseload; records DT&V's
    /// decisions (verification outcomes, extensions, decisions) and nothing else.
    Partner,
    /// Read-only aggregates of the organisation, never a name.
    Auditor,
    /// Users and organisations; no case data.
    Admin,
}

impl Role {
    /// Every role, in the order of the permission matrix.
    pub const ALL: [Role; 5] = [
        Role::Caseworker,
        Role::Coordinator,
        Role::Partner,
        Role::Auditor,
        Role::Admin,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Coordinator => "coordinator",
            Role::Partner => "partner",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// The key of its name in the interface's word list (`role.<name>`).
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Caseworker => "role.caseworker",
            Role::Coordinator => "role.coordinator",
            Role::Partner => "role.partner",
            Role::Auditor => "role.auditor",
            Role::Admin => "role.admin",
        }
    }

    /// The role of a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The roles an API token of a user with this role may carry. A token never has more rights than its
    /// user: a coordinator may give a script only their own caseload (`caseworker`) or only the counts
    /// (`auditor`); every other role hands on just itself. Checked when the token is made and again at
    /// every use, so a user whose role changed no longer lends the old rights.
    pub fn token_scopes(self) -> &'static [Role] {
        match self {
            Role::Caseworker => &[Role::Caseworker],
            Role::Coordinator => &[Role::Coordinator, Role::Caseworker, Role::Auditor],
            Role::Partner => &[Role::Partner],
            Role::Auditor => &[Role::Auditor],
            Role::Admin => &[Role::Admin],
        }
    }

    /// What writing on a file between the NGO and DT&V (a message, a hand-out) asks of this role: the NGO
    /// edits its own case; DT&V's partner users, who edit nothing of the NGO's, add to it as they add decisions.
    pub fn file_write(self) -> Action {
        if self == Role::Partner {
            Action::AddDecision
        } else {
            Action::EditCase
        }
    }

    /// The messages with DT&V this role receives: the NGO's roles what came `in`, DT&V's partner users what the
    /// NGO sent `out`; `None` for a role outside the conversation (auditor, administrator).
    pub fn message_side(self) -> Option<&'static str> {
        match self {
            Role::Partner => Some("out"),
            Role::Caseworker | Role::Coordinator => Some("in"),
            Role::Auditor | Role::Admin => None,
        }
    }

    /// Whether this role may do `action` (to a client it can see, where the action concerns one).
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match action {
            ReadCase => matches!(self, Caseworker | Coordinator | Partner),
            CreateCase | EditCase | CloseCase | ShareCase | RegisterWithDtv => {
                matches!(self, Caseworker | Coordinator)
            }
            AddDecision | RecordVerification => matches!(self, Caseworker | Coordinator | Partner),
            AssignCase | ReadUsers => matches!(self, Coordinator | Admin),
            ExportCase => matches!(self, Caseworker | Coordinator),
            ReadAggregates => matches!(self, Coordinator | Auditor),
            ManageUsers => matches!(self, Coordinator | Admin),
            ManageOrganisations => matches!(self, Admin),
            ManageProjects => matches!(self, Coordinator),
            ManagePolicy => matches!(self, Coordinator | Admin),
            ReadInternalText => matches!(self, Caseworker | Coordinator),
            ReopenCase => matches!(self, Coordinator),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a role may do; the rows of the permission matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a client: lists, the client page, records, the assessment, the summary.
    ReadCase,
    /// Create a client.
    CreateCase,
    /// Change a client's details or add and change records other than DT&V's decisions.
    EditCase,
    /// Add or change a discretionary decision (incl. a term extension): what a partner records.
    AddDecision,
    /// Record DT&V's answer to a verification form (verified, refused, withdrawn): the partner it was
    /// registered with, or the NGO from DT&V's letter.
    RecordVerification,
    /// Close a case.
    CloseCase,
    /// Give a client to a caseworker.
    AssignCase,
    /// Share a client with a colleague, or stop sharing.
    ShareCase,
    /// Register a client's trajectory with a DT&V regievoerder.
    RegisterWithDtv,
    /// See the organisation's users.
    ReadUsers,
    /// Add users and set their roles.
    ManageUsers,
    /// Add organisations.
    ManageOrganisations,
    /// See counts without names.
    ReadAggregates,
    /// Export a client's whole file (an access request under GDPR art. 15, handled by the NGO).
    ExportCase,
    /// Set up the organisation's projects (funders, budget, periods).
    ManageProjects,
    /// Add, preview and activate the organisation's own dated policy values (a country list DT&V sent, a
    /// changed amount); they change every assessment of the organisation.
    ManagePolicy,
    /// Read the NGO's own free text in a file — a contact's or refusal's notes, a closure's reason — where a
    /// caseworker may write about health or trust. A DT&V partner reads the records without it (issue 22).
    ReadInternalText,
    /// Reopen a closed case that has not been anonymised (a closing in error, a client who came back).
    ReopenCase,
}

impl Action {
    /// What adding or changing a record of this kind takes: a discretionary decision (which DT&V's
    /// regievoerder may record) or any other change to the case.
    pub fn for_record_kind(kind: &str) -> Action {
        if kind == "decision" {
            Action::AddDecision
        } else {
            Action::EditCase
        }
    }
}

/// Who is asking, as the store scopes their queries: their organisation, their user id (none for the
/// command line) and role. Cannot be built outside the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    pub(crate) tenant: Tenant,
    pub(crate) user_id: Option<i64>,
    pub(crate) role: Role,
    /// Where the request came from, for the audit trail.
    pub(crate) address: Option<std::net::IpAddr>,
}

/// A caseworker's set of visible clients — their caseload and the clients shared with them — around a place
/// for one more condition on the caseload part ([`Access::visible`] leaves it empty,
/// [`Access::visible_narrowed`] fills it).
macro_rules! caseworker_set {
    ($narrow:expr) => {
        concat!(
            "client.organisation_id = $1 AND client.id IN (SELECT c.id FROM client c \
             WHERE c.organisation_id = $1 AND c.assigned_to = $2",
            $narrow,
            " UNION ALL SELECT s.client_id FROM client_share s WHERE s.user_id = $2)"
        )
    };
}

impl Access {
    /// The organisation.
    pub fn tenant(&self) -> Tenant {
        self.tenant
    }

    /// The user (none for the command line).
    pub fn user_id(&self) -> Option<i64> {
        self.user_id
    }

    /// The role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The same access, from network address `ip` (written into the audit trail; it grants nothing).
    pub fn from_address(self, ip: Option<std::net::IpAddr>) -> Access {
        Access { address: ip, ..self }
    }

    /// Whether the role may do `action`.
    pub fn may(&self, action: Action) -> bool {
        self.role.may(action)
    }

    /// `Ok` if the role may do `action`, else [`StoreError::Forbidden`](crate::StoreError::Forbidden).
    pub(crate) fn check(&self, action: Action) -> Result<(), crate::StoreError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(crate::StoreError::Forbidden)
        }
    }

    /// The two values every scoped query binds first: `$1` the organisation, `$2` the user (0 for none).
    pub(crate) fn binds(&self) -> (i64, i64) {
        (self.tenant.0, self.user_id.unwrap_or(0))
    }

    /// The row filter on table `client` for this caller, over `$1` (organisation) and `$2` (user). A role
    /// without case data sees no row.
    pub(crate) fn visible(&self) -> &'static str {
        match self.role {
            Role::Coordinator => "client.organisation_id = $1",
            // The caseload and the shares, as a set the planner can drive from (an OR would walk the
            // organisation's every client).
            Role::Caseworker => caseworker_set!(""),
            // The regievoerder's own DT&V caseload, of any NGO: the registration names their organisation
            // (the DT&V location) and them. Those above the regievoerder in a hand-out's chain (senior
            // regievoerder, afdelingsmanager, Den Haag) see every trajectory registered with their location,
            // since they sign its hand-outs.
            Role::Partner => {
                "client.dtv_organisation_id = $1 AND (client.partner_id = $2 OR EXISTS (SELECT 1 FROM app_user fu \
                 WHERE fu.id = $2 AND fu.organisation_id = $1 \
                 AND fu.dtv_function IN ('senior_regievoerder', 'afdelingsmanager', 'den_haag')))"
            }
            Role::Auditor | Role::Admin => "1 = 0",
        }
    }

    /// [`Access::visible`], with `narrow` (a condition on `client`'s unqualified columns) also applied inside a
    /// caseworker's set of caseload and shares, so that the set holds only the rows that can match (the caller
    /// still applies `narrow` to the rows: the shares are not narrowed). Other roles: [`Access::visible`].
    pub(crate) fn visible_narrowed(&self, narrow: &str) -> std::borrow::Cow<'static, str> {
        match self.role {
            Role::Caseworker => format!(caseworker_set!(" AND {}"), narrow).into(),
            _ => self.visible().into(),
        }
    }

    /// [`Access::visible`] for rows already kept to the caseload of `assigned_to`. A caseworker's own caseload
    /// is visible to them by definition, so the set of their caseload and shares is left out: on PostgreSQL
    /// the dashboard otherwise hashed the whole caseload on every request to check rows it had just selected
    /// by that very caseload.
    pub(crate) fn visible_in_caseload(&self, assigned_to: Option<i64>) -> &'static str {
        match self.role {
            Role::Caseworker if assigned_to.is_some() && assigned_to == self.user_id => {
                "client.organisation_id = $1"
            }
            _ => self.visible(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_narrowed_set_is_the_set_with_one_more_condition() {
        let worker = Access {
            tenant: Tenant(1),
            user_id: Some(7),
            role: Role::Caseworker,
            address: None,
        };
        let narrowed = worker.visible_narrowed("x = 1");
        assert_eq!(
            narrowed.replacen(" AND x = 1", "", 1),
            worker.visible(),
            "{narrowed}"
        );
        assert!(narrowed.contains("c.assigned_to = $2 AND x = 1 UNION ALL"));
        let coordinator = Access {
            role: Role::Coordinator,
            ..worker
        };
        assert_eq!(coordinator.visible_narrowed("x = 1"), coordinator.visible());
    }

    #[test]
    fn only_the_callers_own_caseload_skips_the_visibility_set() {
        let worker = Access {
            tenant: Tenant(1),
            user_id: Some(7),
            role: Role::Caseworker,
            address: None,
        };
        assert_eq!(worker.visible_in_caseload(Some(7)), "client.organisation_id = $1");
        for other in [Some(8), None] {
            assert_eq!(worker.visible_in_caseload(other), worker.visible());
        }
        let coordinator = Access {
            role: Role::Coordinator,
            ..worker
        };
        assert_eq!(coordinator.visible_in_caseload(Some(7)), coordinator.visible());
        let partner = Access {
            role: Role::Partner,
            ..worker
        };
        assert_eq!(partner.visible_in_caseload(Some(7)), partner.visible());
    }

    #[test]
    fn roles_round_trip_and_unknown_is_none() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Coordinator"), None);
    }

    #[test]
    fn no_case_data_for_auditor_and_admin() {
        for r in [Role::Auditor, Role::Admin] {
            for a in [
                Action::ReadCase,
                Action::CreateCase,
                Action::EditCase,
                Action::AddDecision,
                Action::CloseCase,
            ] {
                assert!(!r.may(a), "{r} may {a:?}");
            }
        }
        assert!(!Role::Partner.may(Action::EditCase));
        assert!(Role::Partner.may(Action::AddDecision));
        assert!(!Role::Caseworker.may(Action::AssignCase));
        assert!(!Role::Admin.may(Action::ReadAggregates));
    }
}
