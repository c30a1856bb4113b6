"""The expected answer of every route of the site and the API, per method and
per actor: the authorisation matrix (tests/security/test_authorisation_matrix.py).

One line per route and method:

    route   kwargs   METHOD   anon a_admin a_contributor a_director a_viewer
                              b_admin bsc_reviewer rec_reviewer dip_reviewer
                              secretariat programme

`route` is the pattern as the resolver joins it. `kwargs` names, for each path
parameter, which of organisation A's objects fills it (tests/security/
matrix_world.py; `none` is an id no row has, `text` a plain string), or `-`.
Each column is the class of the answer (tests/security/matrix.py SYMBOLS):
2 served, 3 redirect elsewhere (a form went through), E redirect back with an
error message (the rules refused it), L sign-in needed, R confirm identity first,
4 refused by the rules (empty form, wrong state), F 403, N 404, M 405.
Every request is an empty GET or POST (or PUT/PATCH/DELETE where the API view
takes it) by a signed-in person who confirmed their identity recently.

`admin/*` is one line for every Django admin route (GET, ids `1`).

Adding a route: add its line(s); the test prints the observed line of any
route missing here, to check and paste.
"""

# The site's root route is the empty pattern; the table writes it as this.
HOME = "(home)"

TABLE = r"""
# route                                                     kwargs                             method anon|A: adm con dir vie|B|rev: BSC REC DIP|sec|prog
(home)                                                       -                                  GET    L 3 3 3 3 3 3 3 3 3 3
(home)                                                       -                                  POST   L 3 3 3 3 3 3 3 3 3 3
healthz/                                                     -                                  GET    2 2 2 2 2 2 2 2 2 2 2
healthz/                                                     -                                  POST   M M M M M M M M M M M
participants/                                                -                                  GET    L N N N N N 2 2 2 2 2
participants/                                                -                                  POST   L N N N N N 2 2 2 2 2
organisations/<int:pk>/                                      pk=org                             GET    L 2 2 2 2 N N N 2 N 2
organisations/<int:pk>/                                      pk=org                             POST   L 2 2 2 2 N N N 2 N 2
organisations/<int:pk>/roles/                                pk=org                             GET    L 2 2 2 2 N 2 2 2 2 2
organisations/<int:pk>/roles/                                pk=org                             POST   L 2 2 2 2 N 2 2 2 2 2
organisations/<int:pk>/roles/mpids/                          pk=org                             GET    L M M M M M M M M M M
organisations/<int:pk>/roles/mpids/                          pk=org                             POST   L 4 4 4 4 N 4 4 4 4 4
organisations/<int:pk>/roles/qualifications/                 pk=org                             GET    L M M M M M M M M M M
organisations/<int:pk>/roles/qualifications/                 pk=org                             POST   L 4 4 4 4 N 4 4 4 4 4
organisations/<int:pk>/members/                              pk=org                             GET    L 2 2 2 2 N N N N N 2
organisations/<int:pk>/members/                              pk=org                             POST   L 4 4 4 4 N N N N N 4
organisations/<int:pk>/members/<int:membership_pk>/          pk=org,membership_pk=membership    GET    L M M M M M M M M M M
organisations/<int:pk>/members/<int:membership_pk>/          pk=org,membership_pk=membership    POST   L E E E E N N N N N E
organisations/qualifications/<int:pk>/move/                  pk=qualification                   GET    L M M M M M M M M M M
organisations/qualifications/<int:pk>/move/                  pk=qualification                   POST   L E E E E N E E E E E
timelines/                                                   -                                  GET    L 2 2 2 2 2 2 2 2 2 2
timelines/                                                   -                                  POST   L 2 2 2 2 2 2 2 2 2 2
timelines/<slug:key>/                                        key=cohort_key                     GET    L 2 2 2 2 2 2 2 2 2 2
timelines/<slug:key>/                                        key=cohort_key                     POST   L 2 2 2 2 2 2 2 2 2 2
qad/                                                         -                                  GET    L 2 2 2 2 2 2 2 2 2 2
qad/                                                         -                                  POST   L 2 2 2 2 2 2 2 2 2 2
qad/<int:pk>/                                                pk=qad                             GET    L 2 2 2 2 N 2 2 2 2 2
qad/<int:pk>/                                                pk=qad                             POST   L 2 2 2 2 N 2 2 2 2 2
qad/<int:pk>/sign-off/                                       pk=qad                             GET    L N N 2 N N N N N N N
qad/<int:pk>/sign-off/                                       pk=qad                             POST   L N N 4 N N N N N N N
qad/<int:pk>/snapshot.json                                   pk=qad                             GET    L N N N N N N N N N N
qad/<int:pk>/snapshot.json                                   pk=qad                             POST   L N N N N N N N N N N
qad/<int:pk>/snapshot.pdf                                    pk=qad                             GET    L N N N N N N N N N N
qad/<int:pk>/snapshot.pdf                                    pk=qad                             POST   L N N N N N N N N N N
qad/sections/<int:pk>/                                       pk=section                         GET    L 2 2 2 2 N 2 2 N 2 2
qad/sections/<int:pk>/                                       pk=section                         POST   L 4 4 4 4 N 4 4 N 4 4
qad/sections/<int:pk>/evidence/<int:question_pk>/            pk=section,question_pk=question    GET    L M M M M M M M M M M
qad/sections/<int:pk>/evidence/<int:question_pk>/            pk=section,question_pk=question    POST   L E E E E N E E N E E
qad/sections/<int:pk>/submit/                                pk=section                         GET    L M M M M M M M M M M
qad/sections/<int:pk>/submit/                                pk=section                         POST   L E E E E N E E N E E
qad/sections/<int:pk>/comments/                              pk=section                         GET    L M M M M M M M M M M
qad/sections/<int:pk>/comments/                              pk=section                         POST   L E E E E N E E N E E
qad/sections/<int:pk>/reopen/                                pk=section                         GET    L M M M M M M M M M M
qad/sections/<int:pk>/reopen/                                pk=section                         POST   L E E E E N E E N E E
qad/sections/<int:pk>/review/                                pk=section                         GET    L N N N N N 2 2 N N N
qad/sections/<int:pk>/review/                                pk=section                         POST   L N N N N N 4 4 N N N
qad/sections/<int:pk>/reopen/decide/                         pk=section                         GET    L M M M M M M M M M M
qad/sections/<int:pk>/reopen/decide/                         pk=section                         POST   L N N N N N N N N N N
qad/sections/<int:pk>/history/                               pk=section                         GET    L 2 2 2 2 N 2 2 N 2 2
qad/sections/<int:pk>/history/                               pk=section                         POST   L 2 2 2 2 N 2 2 N 2 2
qad/comments/<int:pk>/resolve/                               pk=comment                         GET    L M M M M M M M M M M
qad/comments/<int:pk>/resolve/                               pk=comment                         POST   L E E E E N 3 E N E E
qad/evidence/<int:pk>/                                       pk=evidence                        GET    L 2 2 2 2 N 2 2 N 2 2
qad/evidence/<int:pk>/                                       pk=evidence                        POST   L 2 2 2 2 N 2 2 N 2 2
qad/queue/                                                   -                                  GET    L N N N N N 2 2 2 N N
qad/queue/                                                   -                                  POST   L N N N N N 2 2 2 N N
qad/notifications/                                           -                                  GET    L 2 2 2 2 2 2 2 2 2 2
qad/notifications/                                           -                                  POST   L 2 2 2 2 2 2 2 2 2 2
service-activation/                                          -                                  GET    L N N N N N N N 2 N 2
service-activation/                                          -                                  POST   L N N N N N N N 2 N 2
service-activation/<int:pk>/                                 pk=activation                      GET    L 2 2 2 2 N N N 2 N 2
service-activation/<int:pk>/                                 pk=activation                      POST   L 2 2 2 2 N N N 2 N 2
service-activation/<int:pk>/steps/                           pk=activation                      GET    L M M M M M M M M M M
service-activation/<int:pk>/steps/                           pk=activation                      POST   L E E E E N N N E N E
service-activation/<int:pk>/efd/                             pk=activation                      GET    L M M M M M M M M M M
service-activation/<int:pk>/efd/                             pk=activation                      POST   L E E E E N N N E N E
service-activation/<int:pk>/tickets/                         pk=activation                      GET    L M M M M M M M M M M
service-activation/<int:pk>/tickets/                         pk=activation                      POST   L E E E E N N N E N E
service-activation/tickets/<int:pk>/resolve/                 pk=ticket                          GET    L M M M M M M M M M M
service-activation/tickets/<int:pk>/resolve/                 pk=ticket                          POST   L E E E E N N N E N E
service-activation/dip-onboarding/                           -                                  GET    L N N N N N N N 2 N 2
service-activation/dip-onboarding/                           -                                  POST   L N N N N N N N 2 N 2
service-activation/organisations/<int:pk>/dip-onboarding/    pk=org                             GET    L 2 2 2 2 N N N 2 N 2
service-activation/organisations/<int:pk>/dip-onboarding/    pk=org                             POST   L 2 2 2 2 N N N 2 N 2
service-activation/organisations/<int:pk>/dip-onboarding/officers/ pk=org                             GET    L M M M M M M M M M M
service-activation/organisations/<int:pk>/dip-onboarding/officers/ pk=org                             POST   L 4 4 4 4 N N N 4 N 4
service-activation/organisations/<int:pk>/dip-onboarding/record/ pk=org                             GET    L M M M M M M M M M M
service-activation/organisations/<int:pk>/dip-onboarding/record/ pk=org                             POST   L 4 4 4 4 N N N 3 N 4
service-activation/dip-officers/<int:pk>/remove/             pk=officer                         GET    L M M M M M M M M M M
service-activation/dip-officers/<int:pk>/remove/             pk=officer                         POST   L 3 E E E N N N E N E
organisations/<int:pk>/api-tokens/                           pk=org                             GET    L 2 F F F N F F F F F
organisations/<int:pk>/api-tokens/                           pk=org                             POST   L 4 F F F N F F F F F
organisations/<int:pk>/api-tokens/<int:token_pk>/revoke/     pk=org,token_pk=token              GET    L M M M M M M M M M M
organisations/<int:pk>/api-tokens/<int:token_pk>/revoke/     pk=org,token_pk=token              POST   L 3 F F F N F F F F F
organisations/<int:pk>/webhooks/                             pk=org                             GET    L 2 F F F N F F F F F
organisations/<int:pk>/webhooks/                             pk=org                             POST   L 4 F F F N F F F F F
organisations/<int:pk>/webhooks/<int:endpoint_pk>/           pk=org,endpoint_pk=endpoint        GET    L 2 F F F N F F F F F
organisations/<int:pk>/webhooks/<int:endpoint_pk>/           pk=org,endpoint_pk=endpoint        POST   L 2 F F F N F F F F F
organisations/<int:pk>/webhooks/<int:endpoint_pk>/remove/    pk=org,endpoint_pk=endpoint        GET    L M M M M M M M M M M
organisations/<int:pk>/webhooks/<int:endpoint_pk>/remove/    pk=org,endpoint_pk=endpoint        POST   L 3 F F F N F F F F F
organisations/<int:pk>/webhooks/<int:endpoint_pk>/deliveries/<int:delivery_pk>/replay/ pk=org,endpoint_pk=endpoint,delivery_pk=none GET    L M M M M M M M M M M
organisations/<int:pk>/webhooks/<int:endpoint_pk>/deliveries/<int:delivery_pk>/replay/ pk=org,endpoint_pk=endpoint,delivery_pk=none POST   L N F F F N F F F F F
account/api-tokens/                                          -                                  GET    L N N N N N 2 2 2 2 2
account/api-tokens/                                          -                                  POST   L N N N N N 4 4 4 4 4
account/api-tokens/<int:token_pk>/revoke/                    token_pk=token                     GET    L M M M M M M M M M M
account/api-tokens/<int:token_pk>/revoke/                    token_pk=token                     POST   L N N N N N N N N N N
account/webhooks/                                            -                                  GET    L N N N N N 2 2 2 2 2
account/webhooks/                                            -                                  POST   L N N N N N 4 4 4 4 4
account/webhooks/<int:endpoint_pk>/                          endpoint_pk=endpoint               GET    L N N N N N N N N N N
account/webhooks/<int:endpoint_pk>/                          endpoint_pk=endpoint               POST   L N N N N N N N N N N
account/webhooks/<int:endpoint_pk>/remove/                   endpoint_pk=endpoint               GET    L M M M M M M M M M M
account/webhooks/<int:endpoint_pk>/remove/                   endpoint_pk=endpoint               POST   L N N N N N N N N N N
account/webhooks/<int:endpoint_pk>/deliveries/<int:delivery_pk>/replay/ endpoint_pk=endpoint,delivery_pk=none GET    L M M M M M M M M M M
account/webhooks/<int:endpoint_pk>/deliveries/<int:delivery_pk>/replay/ endpoint_pk=endpoint,delivery_pk=none POST   L N N N N N N N N N N
deadlines/                                                   -                                  GET    L N N N N N 2 2 2 2 2
deadlines/                                                   -                                  POST   L N N N N N 2 2 2 2 2
deadlines/export.csv                                         -                                  GET    L N N N N N 2 2 2 2 2
deadlines/export.csv                                         -                                  POST   L N N N N N 2 2 2 2 2
deadlines/replans/                                           -                                  GET    L 2 2 2 2 2 2 2 2 2 2
deadlines/replans/                                           -                                  POST   L 2 2 2 2 2 2 2 2 2 2
deadlines/replans.csv                                        -                                  GET    L 2 2 2 2 2 2 2 2 2 2
deadlines/replans.csv                                        -                                  POST   L 2 2 2 2 2 2 2 2 2 2
governance/approvals/                                        -                                  GET    L N N N N N 2 2 2 2 2
governance/approvals/                                        -                                  POST   L N N N N N 2 2 2 2 2
governance/applications/<int:pk>/                            pk=signed_qualification            GET    L 2 2 2 2 N N 2 2 N 2
governance/applications/<int:pk>/                            pk=signed_qualification            POST   L 2 2 2 2 N N 2 2 N 2
governance/applications/<int:pk>/findings/                   pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/findings/                   pk=signed_qualification            POST   L E E E E N N E E N E
governance/approvals/<int:pk>/decide/                        pk=approval                        GET    L M M M M M M M M M M
governance/approvals/<int:pk>/decide/                        pk=approval                        POST   L E E E E N N E E N E
governance/findings/<int:pk>/<slug:action>/                  pk=finding,action=finding_action   GET    L M M M M M M M M M M
governance/findings/<int:pk>/<slug:action>/                  pk=finding,action=finding_action   POST   L E E E E N N E E N E
governance/pab/                                              -                                  GET    L N N N N N 2 N N 2 2
governance/pab/                                              -                                  POST   L N N N N N E N N E E
governance/pab/<int:pk>/                                     pk=meeting                         GET    L N N N N N 2 N N 2 2
governance/pab/<int:pk>/                                     pk=meeting                         POST   L N N N N N 2 N N 2 2
governance/pab/<int:pk>/agenda/                              pk=meeting                         GET    L M M M M M M M M M M
governance/pab/<int:pk>/agenda/                              pk=meeting                         POST   L N N N N N N N N N N
governance/pab/<int:pk>/agenda.csv                           pk=meeting                         GET    L N N N N N 2 N N 2 2
governance/pab/<int:pk>/agenda.csv                           pk=meeting                         POST   L N N N N N 2 N N 2 2
governance/pab/<int:pk>/pack/                                pk=meeting                         GET    L M M M M M M M M M M
governance/pab/<int:pk>/pack/                                pk=meeting                         POST   L N N N N N E N N 3 E
governance/pab/<int:pk>/preview/                             pk=meeting                         GET    L N N N N N 2 N N 2 2
governance/pab/<int:pk>/preview/                             pk=meeting                         POST   L N N N N N 2 N N 2 2
governance/packs/<int:pk>/                                   pk=none                            GET    L N N N N N N N N N N
governance/packs/<int:pk>/                                   pk=none                            POST   L N N N N N N N N N N
governance/register.csv                                      -                                  GET    L N N N N N 2 2 2 2 2
governance/register.csv                                      -                                  POST   L N N N N N 2 2 2 2 2
account/two-factor/required/                                 -                                  GET    L 3 3 3 3 3 3 3 3 3 3
account/two-factor/required/                                 -                                  POST   L 3 3 3 3 3 3 3 3 3 3
organisations/<int:pk>/audit.csv                             pk=org                             GET    L 2 F F F N F F F F F
organisations/<int:pk>/audit.csv                             pk=org                             POST   L M M M M M M M M M M
accounts/login/                                              -                                  GET    2 3 3 3 3 3 3 3 3 3 3
accounts/login/                                              -                                  POST   2 3 3 3 3 3 3 3 3 3 3
accounts/login/                                              -                                  PUT    2 3 3 3 3 3 3 3 3 3 3
accounts/logout/                                             -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/logout/                                             -                                  POST   L L L L L L L L L L L
accounts/inactive/                                           -                                  GET    2 2 2 2 2 2 2 2 2 2 2
accounts/signup/                                             -                                  GET    2 3 3 3 3 3 3 3 3 3 3
accounts/signup/                                             -                                  POST   2 3 3 3 3 3 3 3 3 3 3
accounts/signup/                                             -                                  PUT    2 3 3 3 3 3 3 3 3 3 3
accounts/reauthenticate/                                     -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/reauthenticate/                                     -                                  POST   L 2 2 2 2 2 2 2 2 2 2
accounts/reauthenticate/                                     -                                  PUT    L 2 2 2 2 2 2 2 2 2 2
accounts/reauthenticate/code/                                -                                  GET    L R R R R R R R R R R
accounts/reauthenticate/code/                                -                                  POST   L R R R R R R R R R R
accounts/reauthenticate/code/                                -                                  PUT    L R R R R R R R R R R
accounts/reauthenticate/code/confirm/                        -                                  GET    L R R R R R R R R R R
accounts/reauthenticate/code/confirm/                        -                                  POST   L R R R R R R R R R R
accounts/reauthenticate/code/confirm/                        -                                  PUT    L R R R R R R R R R R
accounts/email/                                              -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/email/                                              -                                  POST   L 3 3 3 3 3 3 3 3 3 3
accounts/email/                                              -                                  PUT    L 3 3 3 3 3 3 3 3 3 3
accounts/confirm-email/                                      -                                  GET    2 2 2 2 2 2 2 2 2 2 2
accounts/confirm-email/                                      -                                  POST   M M M M M M M M M M M
accounts/password/change/                                    -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/password/change/                                    -                                  POST   L 2 2 2 2 2 2 2 2 2 2
accounts/password/change/                                    -                                  PUT    L 2 2 2 2 2 2 2 2 2 2
accounts/password/set/                                       -                                  GET    L 3 3 3 3 3 3 3 3 3 3
accounts/password/set/                                       -                                  POST   L 3 3 3 3 3 3 3 3 3 3
accounts/password/set/                                       -                                  PUT    L 3 3 3 3 3 3 3 3 3 3
accounts/password/reset/                                     -                                  GET    2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/                                     -                                  POST   2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/                                     -                                  PUT    2 2 2 2 2 2 2 2 2 2 2
accounts/login/code/confirm/                                 -                                  GET    L 3 3 3 3 3 3 3 3 3 3
accounts/login/code/confirm/                                 -                                  POST   L 3 3 3 3 3 3 3 3 3 3
accounts/login/code/confirm/                                 -                                  PUT    L 3 3 3 3 3 3 3 3 3 3
accounts/confirm-email/(?P<key>[-:\w]+)/$                    key=text                           GET    2 2 2 2 2 2 2 2 2 2 2
accounts/confirm-email/(?P<key>[-:\w]+)/$                    key=text                           POST   N N N N N N N N N N N
accounts/password/reset/key/done/                            -                                  GET    2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$ uidb36=text,key=text               GET    2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$ uidb36=text,key=text               POST   2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$ uidb36=text,key=text               PUT    2 2 2 2 2 2 2 2 2 2 2
accounts/password/reset/done/                                -                                  GET    2 2 2 2 2 2 2 2 2 2 2
accounts/2fa/                                                -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/2fa/authenticate/                                   -                                  GET    L 3 3 3 3 3 3 3 3 3 3
accounts/2fa/authenticate/                                   -                                  POST   L 3 3 3 3 3 3 3 3 3 3
accounts/2fa/reauthenticate/                                 -                                  GET    L R R 2 R R 2 2 2 2 2
accounts/2fa/reauthenticate/                                 -                                  POST   L R R 2 R R 2 2 2 2 2
accounts/2fa/reauthenticate/                                 -                                  PUT    L R R 2 R R 2 2 2 2 2
accounts/2fa/totp/activate/                                  -                                  GET    L 2 2 3 2 2 3 3 3 3 3
accounts/2fa/totp/activate/                                  -                                  POST   L 2 2 3 2 2 3 3 3 3 3
accounts/2fa/totp/activate/                                  -                                  PUT    L 2 2 3 2 2 3 3 3 3 3
accounts/2fa/totp/deactivate/                                -                                  GET    L N N 2 N N 2 2 2 2 2
accounts/2fa/totp/deactivate/                                -                                  POST   L N N 2 N N 2 2 2 2 2
accounts/2fa/totp/deactivate/                                -                                  PUT    L N N 2 N N 2 2 2 2 2
accounts/2fa/recovery-codes/                                 -                                  GET    L N N N N N N N N N N
accounts/2fa/recovery-codes/generate/                        -                                  GET    L 2 2 2 2 2 2 2 2 2 2
accounts/2fa/recovery-codes/generate/                        -                                  POST   L 2 2 3 2 2 3 3 3 3 3
accounts/2fa/recovery-codes/generate/                        -                                  PUT    L 2 2 3 2 2 3 3 3 3 3
accounts/2fa/recovery-codes/download/                        -                                  GET    L N N N N N N N N N N
admin/*                                                      -                                  GET    L L L L L L L L L L L
admin/login/                                                 -                                  GET    L F F F F F F F F F F
admin/login/                                                 -                                  POST   L F F F F F F F F F F
admin/logout/                                                -                                  GET    3 3 3 3 3 3 3 3 3 3 3
admin/logout/                                                -                                  POST   3 3 3 3 3 3 3 3 3 3 3
api/v1/organisations/                                        -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/organisations/<int:pk>/                               pk=org                             GET    L 2 2 2 2 N 2 2 2 2 2
api/v1/qualifications/                                       -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/qualifications/<int:pk>/                              pk=qualification                   GET    L 2 2 2 2 N 2 2 2 2 2
api/v1/organisations/<int:pk>/mpids/                         pk=org                             POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/organisations/<int:pk>/members/                       pk=org                             POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/organisations/<int:pk>/qualifications/                pk=org                             POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/qualifications/<int:pk>/transitions/                  pk=qualification                   POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/cohorts/                                              -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/cohorts/<int:pk>/                                     pk=cohort                          GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/qualifications/<int:pk>/allocation/                   pk=qualification                   POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/qads/                                                 -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/qads/<int:pk>/                                        pk=qad                             GET    L 2 2 2 2 N 2 2 2 2 2
api/v1/qads/<int:pk>/sections/                               pk=qad                             GET    L 2 2 2 2 N 2 2 2 2 2
api/v1/qads/<int:pk>/sign-off/                               pk=qad                             POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/qads/<int:pk>/snapshot.pdf                            pk=qad                             GET    L N N N N N N N N N N
api/v1/qad-sections/<int:pk>/                                pk=section                         GET    L 2 2 2 2 N 2 2 N 2 2
api/v1/qad-sections/<int:pk>/comments/                       pk=section                         GET    L 2 2 2 2 N 2 2 N 2 2
api/v1/qad-sections/<int:pk>/answers/                        pk=section                         PUT    L 4 4 4 4 N 4 4 N 4 4
api/v1/qad-sections/<int:pk>/evidence/                       pk=section                         POST   L 4 4 4 4 N 4 4 N 4 4
api/v1/qad-sections/<int:pk>/submit/                         pk=section                         POST   L 4 4 4 F N F F N F F
api/v1/qad-sections/<int:pk>/review/                         pk=section                         POST   L 4 4 4 4 N 4 4 N 4 4
api/v1/activations/                                          -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/activations/<int:pk>/                                 pk=activation                      GET    L 2 2 2 2 N N N 2 N 2
api/v1/activations/<int:pk>/steps/                           pk=activation                      POST   L 4 4 4 4 N N N 4 N 4
api/v1/activations/<int:pk>/efd/                             pk=activation                      POST   L 4 4 4 4 N N N 4 N 4
api/v1/activations/<int:pk>/tickets/                         pk=activation                      GET    L 2 2 2 2 N N N 2 N 2
api/v1/activations/<int:pk>/tickets/                         pk=activation                      POST   L 4 4 4 4 N N N 4 N 4
api/v1/activation-tickets/<int:pk>/resolve/                  pk=ticket                          POST   L F F F F N N N F N F
api/v1/organisations/<int:pk>/dip-onboarding/                pk=org                             GET    L 2 2 2 2 N N N 2 N 2
api/v1/organisations/<int:pk>/dip-onboarding/                pk=org                             POST   L 4 4 4 4 N N N 4 N 4
api/v1/organisations/<int:pk>/dip-onboarding/officers/       pk=org                             POST   L 4 4 4 4 N N N 4 N 4
api/v1/events/                                               -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/deadlines/                                            -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/cohorts/<int:pk>/plan/                                pk=cohort                          GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/approvals/                                            -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/approvals/<int:pk>/decisions/                         pk=approval                        POST   L 4 4 4 4 N N 4 4 N 4
api/v1/qualifications/<int:pk>/criteria/                     pk=signed_qualification            GET    L 2 2 2 2 N N 2 2 N 2
api/v1/qualifications/<int:pk>/findings/                     pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/findings/<int:pk>/actions/                            pk=finding                         POST   L 4 4 4 4 N N 4 4 N 4
api/v1/work-off-plans/<int:pk>/actions/                      pk=none                            POST   L N N N N N N N N N N
api/v1/qualifications/<int:pk>/reliance/                     pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/qualifications/<int:pk>/exemptions/                   pk=qualification                   POST   L 4 4 4 4 N 4 4 4 4 4
api/schema/                                                  -                                  GET    2 2 2 2 2 2 2 2 2 2 2
api/docs/                                                    -                                  GET    2 2 2 2 2 2 2 2 2 2 2
# PQS, wave board and wait list, governance forms, deliverables and QT entry.
# PQS, deliverables, defects, decisions, reliance, exemptions and wait-list
# entries are not built by the matrix world yet: their ids are `none`.
waves/pqs/                                                   -                                  GET    L 2 2 2 2 2 2 2 2 2 2
waves/pqs/                                                   -                                  POST   L 2 2 2 2 2 2 2 2 2 2
waves/pqs/review/                                            -                                  GET    L N N N N N 2 2 N 2 N
waves/pqs/review/                                            -                                  POST   L N N N N N 2 2 N 2 N
waves/organisations/<int:pk>/pqs/new/                        pk=org                             GET    L 2 2 2 N N N N N N N
waves/organisations/<int:pk>/pqs/new/                        pk=org                             POST   L 2 2 2 N N N N N N N
waves/pqs/<int:pk>/                                          pk=none                            GET    L N N N N N N N N N N
waves/pqs/<int:pk>/                                          pk=none                            POST   L N N N N N N N N N N
waves/pqs/<int:pk>/edit/                                     pk=none                            GET    L N N N N N N N N N N
waves/pqs/<int:pk>/edit/                                     pk=none                            POST   L N N N N N N N N N N
waves/pqs/<int:pk>/allocate/                                 pk=none                            GET    L M M M M M M M M M M
waves/pqs/<int:pk>/allocate/                                 pk=none                            POST   L N N N N N N N N N N
waves/pqs/<int:pk>/<slug:action>/                            pk=none,action=text                GET    L M M M M M M M M M M
waves/pqs/<int:pk>/<slug:action>/                            pk=none,action=text                POST   L N N N N N N N N N N
waves/board/                                                 -                                  GET    L N N N N N 2 2 N 2 N
waves/board/                                                 -                                  POST   L N N N N N 2 2 N 2 N
waves/board/<slug:key>/capacity/                             key=cohort_key                     GET    L M M M M M M M M M M
waves/board/<slug:key>/capacity/                             key=cohort_key                     POST   L N N N N N E E N E N
waves/board/move/                                            -                                  GET    L M M M M M M M M M M
waves/board/move/                                            -                                  POST   L N N N N N N N N N N
waves/wait-list/<int:pk>/<slug:action>/                      pk=none,action=text                GET    L M M M M M M M M M M
waves/wait-list/<int:pk>/<slug:action>/                      pk=none,action=text                POST   L N N N N N N N N N N
governance/decisions/<int:pk>/appeals/                       pk=none                            GET    L M M M M M M M M M M
governance/decisions/<int:pk>/appeals/                       pk=none                            POST   L N N N N N N N N N N
governance/applications/<int:pk>/defects/                    pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/defects/                    pk=signed_qualification            POST   L E E E E N N E E N E
governance/defects/<int:pk>/<slug:action>/                   pk=none,action=text                GET    L M M M M M M M M M M
governance/defects/<int:pk>/<slug:action>/                   pk=none,action=text                POST   L N N N N N N N N N N
governance/work-off-plans/<int:pk>/<slug:action>/            pk=none,action=text                GET    L M M M M M M M M M M
governance/work-off-plans/<int:pk>/<slug:action>/            pk=none,action=text                POST   L N N N N N N N N N N
governance/applications/<int:pk>/reliance/                   pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/reliance/                   pk=signed_qualification            POST   L E E E E N N E E N E
governance/reliance/<int:pk>/<slug:action>/                  pk=none,action=text                GET    L M M M M M M M M M M
governance/reliance/<int:pk>/<slug:action>/                  pk=none,action=text                POST   L N N N N N N N N N N
governance/applications/<int:pk>/exemptions/                 pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/exemptions/                 pk=signed_qualification            POST   L E E E E N N E E N E
governance/exemptions/<int:pk>/<slug:action>/                pk=none,action=text                GET    L M M M M M M M M M M
governance/exemptions/<int:pk>/<slug:action>/                pk=none,action=text                POST   L N N N N N N N N N N
governance/applications/<int:pk>/mpids/                      pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/mpids/                      pk=signed_qualification            POST   L N N N N N N N N N N
governance/applications/<int:pk>/management-assertion/       pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/management-assertion/       pk=signed_qualification            POST   L E E E E N N E E N E
governance/applications/<int:pk>/market-exit/                pk=signed_qualification            GET    L M M M M M M M M M M
governance/applications/<int:pk>/market-exit/                pk=signed_qualification            POST   L N N N N N N N N N N
deliverables/                                                -                                  GET    L 3 3 3 3 3 3 3 3 3 3
deliverables/                                                -                                  POST   L 3 3 3 3 3 3 3 3 3 3
deliverables/organisations/<int:pk>/                         pk=org                             GET    L 2 2 2 2 N 2 2 2 2 2
deliverables/organisations/<int:pk>/                         pk=org                             POST   L 2 2 2 2 N 2 2 2 2 2
deliverables/queue/                                          -                                  GET    L N N N N N 2 2 2 2 2
deliverables/queue/                                          -                                  POST   L N N N N N 2 2 2 2 2
deliverables/status/                                         -                                  GET    L 2 2 2 2 2 2 2 2 2 2
deliverables/status/                                         -                                  POST   L 2 2 2 2 2 2 2 2 2 2
deliverables/<int:pk>/                                       pk=none                            GET    L N N N N N N N N N N
deliverables/<int:pk>/                                       pk=none                            POST   L N N N N N N N N N N
deliverables/<int:pk>/upload/                                pk=none                            GET    L M M M M M M M M M M
deliverables/<int:pk>/upload/                                pk=none                            POST   L N N N N N N N N N N
deliverables/<int:pk>/comment/                               pk=none                            GET    L M M M M M M M M M M
deliverables/<int:pk>/comment/                               pk=none                            POST   L N N N N N N N N N N
deliverables/<int:pk>/<slug:action>/                         pk=none,action=text                GET    L M M M M M M M M M M
deliverables/<int:pk>/<slug:action>/                         pk=none,action=text                POST   L N N N N N N N N N N
deliverables/files/<int:pk>/                                 pk=none                            GET    L N N N N N N N N N N
deliverables/files/<int:pk>/                                 pk=none                            POST   L N N N N N N N N N N
deliverables/qt-entry/<int:pk>/                              pk=qualification                   GET    L 2 2 2 2 N 2 2 2 2 2
deliverables/qt-entry/<int:pk>/                              pk=qualification                   POST   L 2 2 2 2 N 2 2 2 2 2
deliverables/qt-entry/<int:pk>/checkpoint/                   pk=qualification                   GET    L M M M M M M M M M M
deliverables/qt-entry/<int:pk>/checkpoint/                   pk=qualification                   POST   L E E E E N E E E E E
deliverables/qt-entry/<int:pk>/confirm/                      pk=qualification                   GET    L M M M M M M M M M M
deliverables/qt-entry/<int:pk>/confirm/                      pk=qualification                   POST   L E E E E N E E E E E
api/v1/findings/                                             -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/defects/                                              -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/qualifications/<int:pk>/defects/                      pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/defects/<int:pk>/actions/                             pk=none                            POST   L N N N N N N N N N N
api/v1/reliance/<int:pk>/reviews/                            pk=none                            POST   L N N N N N N N N N N
api/v1/exemptions/<int:pk>/assertion/                        pk=none                            POST   L N N N N N N N N N N
api/v1/exemptions/<int:pk>/decisions/                        pk=none                            POST   L N N N N N N N N N N
api/v1/qualifications/<int:pk>/mpids/                        pk=signed_qualification            GET    L 2 2 2 2 N N 2 2 N 2
api/v1/qualifications/<int:pk>/mpids/                        pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/qualifications/<int:pk>/management-assertion/         pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/qualifications/<int:pk>/market-exits/                 pk=signed_qualification            POST   L 4 4 4 4 N N 4 4 N 4
api/v1/decisions/<int:pk>/appeals/                           pk=none                            POST   L N N N N N N N N N N
api/v1/pqs/                                                  -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/pqs/                                                  -                                  POST   L 4 4 4 4 4 4 4 4 4 4
api/v1/pqs/<int:pk>/                                         pk=none                            GET    L N N N N N N N N N N
api/v1/pqs/<int:pk>/                                         pk=none                            PUT    L N N N N N N N N N N
api/v1/pqs/<int:pk>/actions/                                 pk=none                            POST   L N N N N N N N N N N
api/v1/allocations/                                          -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/wait-list/                                            -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/wait-list/<int:pk>/actions/                           pk=none                            POST   L N N N N N N N N N N
api/v1/cohorts/<int:pk>/wait-list/                           pk=cohort                          POST   L 4 4 4 4 4 4 4 4 4 4
api/v1/cohorts/<int:pk>/capacity/                            pk=cohort                          POST   L 4 4 4 4 4 4 4 4 4 4
api/v1/deliverables/                                         -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/deliverables/status-table/                            -                                  GET    L 2 2 2 2 2 2 2 2 2 2
api/v1/deliverables/<int:pk>/                                pk=none                            GET    L N N N N N N N N N N
api/v1/deliverables/<int:pk>/file/                           pk=none                            POST   L N N N N N N N N N N
api/v1/deliverables/<int:pk>/actions/                        pk=none                            POST   L N N N N N N N N N N
api/v1/qualifications/<int:pk>/deliverables/<slug:kind>/file/ pk=qualification,kind=text         POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/qualifications/<int:pk>/checkpoints/                  pk=qualification                   POST   L 4 4 4 4 N 4 4 4 4 4
api/v1/qualifications/<int:pk>/qt-entry/                     pk=qualification                   POST   L 4 4 4 4 N 4 4 4 4 4
"""


def parse(text: str = TABLE) -> dict:
    """(route, method) -> (kwargs as {name: object}, columns as one string)."""
    expected = {}
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        route, kwargs, method, *columns = line.split()
        route = "" if route == HOME else route
        spec = {} if kwargs == "-" else dict(pair.split("=") for pair in kwargs.split(","))
        expected[(route, method)] = (spec, " ".join(columns))
    return expected
