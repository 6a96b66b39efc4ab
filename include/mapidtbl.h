/*
 * mapidtbl.h - display table control structures (PR_CONTROL_STRUCTURE).
 * Internal part of mapidefs.h: include <mapidefs.h>.
 *
 * The ulb* members are byte offsets from the start of the structure to a
 * string stored after it, so these blobs can live in a PT_BINARY property.
 */
#ifndef FREEMAPI_MAPIDTBL_H
#define FREEMAPI_MAPIDTBL_H

#ifndef MAPIDEFS_H
#error "include <mapidefs.h> instead of <mapidtbl.h>"
#endif

/* PR_CONTROL_FLAGS */
#define DT_MULTILINE     ((ULONG)0x00000001)
#define DT_EDITABLE      ((ULONG)0x00000002)
#define DT_REQUIRED      ((ULONG)0x00000004)
#define DT_SET_IMMEDIATE ((ULONG)0x00000008)
#define DT_PASSWORD_EDIT ((ULONG)0x00000010)
#define DT_ACCEPT_DBCS   ((ULONG)0x00000020)
#define DT_SET_SELECTION ((ULONG)0x00000040)

/* PR_CONTROL_TYPE */
#define DTCT_LABEL       ((ULONG)0x00000000)
#define DTCT_EDIT        ((ULONG)0x00000001)
#define DTCT_LBX         ((ULONG)0x00000002)
#define DTCT_COMBOBOX    ((ULONG)0x00000003)
#define DTCT_DDLBX       ((ULONG)0x00000004)
#define DTCT_CHECKBOX    ((ULONG)0x00000005)
#define DTCT_GROUPBOX    ((ULONG)0x00000006)
#define DTCT_BUTTON      ((ULONG)0x00000007)
#define DTCT_PAGE        ((ULONG)0x00000008)
#define DTCT_RADIOBUTTON ((ULONG)0x00000009)
#define DTCT_MVLISTBOX   ((ULONG)0x0000000B)
#define DTCT_MVDDLBX     ((ULONG)0x0000000C)

/* List box flags */
#define MAPI_NO_HBAR ((ULONG)0x00000001)
#define MAPI_NO_VBAR ((ULONG)0x00000002)

typedef struct _DTBLLABEL
{
    ULONG ulbLpszLabelName;
    ULONG ulFlags;
} DTBLLABEL, *LPDTBLLABEL;
#define SizedDtblLabel(n, u) \
    struct _DTBLLABEL_##u { DTBLLABEL dtbllabel; TCHAR lpszLabelName[n]; } u

typedef struct _DTBLEDIT
{
    ULONG ulbLpszCharsAllowed;
    ULONG ulFlags;
    ULONG ulNumCharsAllowed;
    ULONG ulPropTag;
} DTBLEDIT, *LPDTBLEDIT;
#define SizedDtblEdit(n, u) \
    struct _DTBLEDIT_##u { DTBLEDIT dtbledit; TCHAR lpszCharsAllowed[n]; } u

typedef struct _DTBLLBX
{
    ULONG ulFlags;
    ULONG ulPRSetProperty;
    ULONG ulPRTableName;
} DTBLLBX, *LPDTBLLBX;

typedef struct _DTBLCOMBOBOX
{
    ULONG ulbLpszCharsAllowed;
    ULONG ulFlags;
    ULONG ulNumCharsAllowed;
    ULONG ulPRPropertyName;
    ULONG ulPRTableName;
} DTBLCOMBOBOX, *LPDTBLCOMBOBOX;
#define SizedDtblComboBox(n, u) \
    struct _DTBLCOMBOBOX_##u { DTBLCOMBOBOX dtblcombobox; TCHAR lpszCharsAllowed[n]; } u

typedef struct _DTBLDDLBX
{
    ULONG ulFlags;
    ULONG ulPRDisplayProperty;
    ULONG ulPRSetProperty;
    ULONG ulPRTableName;
} DTBLDDLBX, *LPDTBLDDLBX;

typedef struct _DTBLCHECKBOX
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulPRPropertyName;
} DTBLCHECKBOX, *LPDTBLCHECKBOX;
#define SizedDtblCheckBox(n, u) \
    struct _DTBLCHECKBOX_##u { DTBLCHECKBOX dtblcheckbox; TCHAR lpszLabel[n]; } u

typedef struct _DTBLGROUPBOX
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
} DTBLGROUPBOX, *LPDTBLGROUPBOX;
#define SizedDtblGroupBox(n, u) \
    struct _DTBLGROUPBOX_##u { DTBLGROUPBOX dtblgroupbox; TCHAR lpszLabel[n]; } u

typedef struct _DTBLBUTTON
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulPRControl;
} DTBLBUTTON, *LPDTBLBUTTON;
#define SizedDtblButton(n, u) \
    struct _DTBLBUTTON_##u { DTBLBUTTON dtblbutton; TCHAR lpszLabel[n]; } u

typedef struct _DTBLPAGE
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulbLpszComponent;
    ULONG ulContext;
} DTBLPAGE, *LPDTBLPAGE;
#define SizedDtblPage(n, n1, u) \
    struct _DTBLPAGE_##u { DTBLPAGE dtblpage; TCHAR lpszLabel[n]; TCHAR lpszComponent[n1]; } u

typedef struct _DTBLRADIOBUTTON
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulcButtons;
    ULONG ulPropTag;
    LONG  lReturnValue;
} DTBLRADIOBUTTON, *LPDTBLRADIOBUTTON;
#define SizedDtblRadioButton(n, u) \
    struct _DTBLRADIOBUTTON_##u { DTBLRADIOBUTTON dtblradiobutton; TCHAR lpszLabel[n]; } u

typedef struct _DTBLMVLISTBOX
{
    ULONG ulFlags;
    ULONG ulMVPropTag;
} DTBLMVLISTBOX, *LPDTBLMVLISTBOX;

typedef struct _DTBLMVDDLBX
{
    ULONG ulFlags;
    ULONG ulMVPropTag;
} DTBLMVDDLBX, *LPDTBLMVDDLBX;

#endif /* FREEMAPI_MAPIDTBL_H */
